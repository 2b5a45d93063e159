; Every call; the check resolves the name through the file's imports.
(call) @call
