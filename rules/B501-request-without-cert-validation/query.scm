(call) @call
