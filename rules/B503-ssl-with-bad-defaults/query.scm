(function_definition) @def
