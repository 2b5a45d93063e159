; Every call: the blacklist decides on the resolved name (no import needed, as in Bandit).
(call) @call
