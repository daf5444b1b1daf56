# Rebuild the shipped language data from its named sources (see data/SOURCES.md).
PYTHON ?= python

.PHONY: data data-deps lm

data: lm

data-deps:
	$(PYTHON) -m pip install -q -e '.[data]'

lm: data-deps
	$(PYTHON) data/build_lm.py
