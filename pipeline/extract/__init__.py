"""Field extractors: pure functions over a document's blocks and sections."""
