"""Survey import: readers (CSV/TSV/XLSX and survey-tool exports), sniffing, language detection.

The public entry points: `read_survey` (check a file without a project), `import_survey`
(store it), `import_codes` (coding done elsewhere) and `detect_languages`.
"""
