"""Reading surface names into their parts (see ``curator.names.analyse``)."""
