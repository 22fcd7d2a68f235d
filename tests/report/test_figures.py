from calligan.report.figures import data_uri, find_figures


def test_latest_grid_in_natural_order_and_all_traversals(project):
    sections = {s.spec.title: s for s in find_figures(folders=project["folders"])}
    assert [p.name for p in sections["Samples (latest grid)"].paths] == ["grid_300.png"]
    assert [p.name for p in sections["InfoGAN latent traversals"].paths] == ["traversal_c0.png"]
    assert [p.name for p in sections["Evaluation plots"].paths] == ["classes.png"]


def test_missing_figures_give_empty_sections(tmp_path):
    sections = find_figures(folders={"train": tmp_path / "nothing", "prepared": tmp_path})
    assert sections and all(not s.paths for s in sections)
    assert {s.spec.folder for s in sections} == {"train", "prepared"}


def test_data_uri_carries_the_mime_type(project):
    assert data_uri(project["folders"]["train"] / "progress.gif").startswith("data:image/gif;base64,R0lGOD")
