; Every function definition; the check skips `async def` (Bandit visits FunctionDef only).
(function_definition) @def
