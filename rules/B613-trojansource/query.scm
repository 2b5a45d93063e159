; The whole module: the check scans the file text for bidi control characters.
(module) @module
