"""The offline HTML report: metrics tables and the pipeline's figures in one self-contained page."""
