"""Reading surface names into their parts.

``curator.names.analyse`` is the entry point (``analyse``, ``NameParts``); the
vocabulary (``vocabulary``), the words of a name (``words``), places (``places``)
and the readers of people (``person``) and organisations (``organization``) are
its pieces.
"""
