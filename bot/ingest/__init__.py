"""Getting documents in: text, files, URLs, feeds and datasets, then extraction and storage."""
