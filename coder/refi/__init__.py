"""REFI-QDA exchange (``.qdpx`` projects, bare ``.qde`` project files, ``.qdc`` codebooks).

``model`` is the REFI project as plain data; ``reader`` turns a project file of any tool into
it and ``writer`` writes it in the standard's layout; ``importer`` puts a read project into a
coder project and ``exporter`` builds one from it. XML is parsed by ``xml`` (lxml, hardened)
and archives are opened by ``archive`` (size caps, nothing extracted).
"""
