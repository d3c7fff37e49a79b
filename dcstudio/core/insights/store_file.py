"""Where a project keeps its insights database, apart from the store's code: the window asks
whether a project has insights at every opening, and this is all it needs to know for that."""

FILE = "publish/insights.sqlite"  # in the project folder
