import pytest
import torch

from calligan.classifier.net import SmallCNN


@pytest.mark.parametrize("side", [16, 32, 64, 128])
def test_any_image_size_gives_logits(side):
    model = SmallCNN(n_classes=7, width=4, input_size=16)
    images = torch.randint(0, 256, (3, side, side), dtype=torch.uint8)
    assert model(images).shape == (3, 7)


def test_input_size_must_survive_the_pooling():
    with pytest.raises(ValueError, match="divisible by 8"):
        SmallCNN(n_classes=2, width=4, input_size=20)
