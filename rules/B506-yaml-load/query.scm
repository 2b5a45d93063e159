; Every call; the check resolves the name through the file's imports (Bandit's yaml_load plugin).
(call) @call
