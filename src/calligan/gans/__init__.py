"""The GAN families, one class each; `registry.FAMILIES` lists them by name.

A new family is a GanFamily subclass that declares what it is in its class attributes (name, archs,
defaults, loss Settings, statistics) and implements its nets and losses, added to FAMILIES and to
the names `train.model` accepts (`config.train.Family`; a test holds the two equal).
"""
