"""The offline HTML report: metrics tables and the stages' figures in one self-contained page."""
