"""The augmentation study: does GAN-made data help a classifier that has only k real images per class?

One run per (k, seed): `subset` draws the k images per class, the GAN is trained on them alone by
`calligan train` and scored by `calligan evaluate`, `generate` draws its images, `classify` trains
the five arms and tests them on the held-out images, and `summary` reads every run into one table
and plot. `calligan study <action>` runs each; studies/augmentation/dvc.yaml chains them. Each
action's module is imported only when it runs (the study's dvc.yaml lists per stage the code it runs).
"""
