"""The station's pages, one module each."""
