"""The bundled demo project: a survey written for coder, its codebooks and two coders' work.

``survey.csv`` (a Webropol-style export), ``codings_anna.csv`` and ``codings_ben.csv`` are made
by ``generate.py`` from ``phrases.yaml``; ``build.py`` turns them into a project.
"""
