"""The curator's work: decisions, their history, undo, and the entity partition they shape."""
