"""Network building blocks: TF-"SAME" transposed convolution, MLP, DCGAN and ResNet nets, heads."""
