; Every call; the check reads Bandit's call context (resolved name, arguments).
(call) @call
