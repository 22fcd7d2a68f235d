import torch
from torchvision.models.inception import BasicConv2d

from calligan.metrics.inception import FIDFeatureNet, basic_convs, build_fid_inception, load_fid_inception


def test_the_architecture_has_the_94_conv_units_of_the_tf_graph():
    units = basic_convs(build_fid_inception())
    assert len(units) == 94
    assert all(isinstance(unit, BasicConv2d) and unit.bn.eps == 1e-3 for unit in units)


def test_folding_gray_into_the_stem_equals_replicating_it_to_rgb(fid_weights):
    """Checked on the stem alone: everything after it sees the same tensor either way."""
    net = FIDFeatureNet(load_fid_inception(fid_weights))
    gray = torch.rand(2, 1, 299, 299, generator=torch.Generator().manual_seed(1))
    with torch.inference_mode():
        folded, replicated = net.gray_stem(gray), net.stem(gray.expand(-1, 3, -1, -1))
    torch.testing.assert_close(folded, replicated, rtol=1e-5, atol=1e-5)
