"""Stage 5, ``tanto build``: plan the pages, execute the notebooks with papermill, fingerprint
inputs for incremental builds, render offline HTML with nbconvert, write the index.
"""
