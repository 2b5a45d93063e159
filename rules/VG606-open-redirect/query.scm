; Every call; the check follows request data into the call inside the enclosing function.
(call) @call
