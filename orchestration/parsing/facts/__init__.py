"""Numeric-fact extraction from Chinese official report prose.

``extract(body, ...)`` finds every measured figure in an article body (the repaired text,
paragraphs separated by blank lines, or one paragraph per line) and returns them as
:class:`Fact` records with exact provenance (``body[f.char_start:f.char_end] == f.quote``),
together with the time expressions of the text as :class:`TimeRef` records.

What counts as a figure (all by rule; the word lists and units are data, ``parsing/lexicons/*.csv``):

* **Arabic numerals** (``651家``, ``215.2万千瓦``, ``14.7%``, ``3—5个``, ``第3位``) are
  quantities when a unit from :data:`numbers.UNIT_TABLE` follows, a unit shared with the
  next figure (``3500万、2300万人次``), or a multiplier (``突破3500万``) whose unit is then
  inferred from the subject.  A numeral glued to Latin letters, ``#``, ``+``, ``×`` or
  ``∶`` (``#7``, ``5G``, ``PM2.5``, ``1+N``, ``8.3∶41.4``) is an identifier; ``第N`` is an
  ordinal unless ``位``/``名`` follows or ``居`` precedes it (a rank); ``每N`` is the base of a
  rate; a unit-less figure after ``至/由`` in a ratio phrase (``收入比缩小至2.12``) is a ratio.
* **Chinese numerals** need a unit or measure word (``二十二连丰``, ``上千个``, ``十件``) and
  are dropped when they are an article (``一个``, ``一批``), a bare multiplier without a
  quantity cue (``千人口``, ``万人``), an ordinal (``十三届十次``), or a number below ten with
  no quantity verb before it (``两条底线``, ``八项规定``): small counts in reports are
  written in Arabic digits, small Chinese numerals are fixed expressions.
* **Durations** (``245天``, ``11年``) count only after a level/change verb or a qualifier
  (``达到245天``, ``增长22天``); ``五年来``, ``连续三年``, ``三年行动`` are time, not figures.
* **Quoted text** up to 24 characters (``“6293”``, ``“两个毫不动摇”``, ``“新三样”``) and book
  titles are names: figures inside are dropped, except a streak (``“二十二连丰”``) and a count
  of rates after an achievement verb (``实现“三个百分之百”``: one fact, value 100, unit
  percent, ``count_multiplier`` 3 – "three rates, each 100%"; one fact because the three
  rates share one quote, and a fact id is derived from the quote's offsets).
* **Labels**: a unit followed by ``级`` (``万吨级``), a bound naming a class
  (``20万人口以上的县``, ``总投资超10亿元项目``), an age/voltage/height/duration before a
  noun (``80岁以上老年人``, ``500千伏输变电``, ``三年行动``), ``前1%`` classes, ``N个方面``
  and bare Chinese digit strings (``二三五年``) are not figures.
* **Dates and years** are :class:`TimeRef` records, never facts.

Context of a figure: qualifier (``超``/``以上``/``约``/``左右``/``不到``…), change kind
(``增长``/``下降``… right before the figure, ``新增`` opening the clause, or ``保持…增长``
after it), base period (``较2020年``, ``比上年``, ``同比``), comparator (``高于全国``), period
(the figure's own date ``2020年的5.2万元`` → the clause → earlier clauses of the sentence →
a sentence-opening time earlier in the paragraph → the block of paragraphs it stands in → its
heading path → the document's scope → the plan period the text opens with; ``facts.periods``,
``facts.scope``), subject (the counted noun after a measure word, else the noun phrase
before the figure with verbs/time/scope words stripped, else the previous figure's
subject), region (one region alias named in the clause, else the default) and modality
(target when the sentence has a target cue, a heading above marks a target section, or the
period lies ahead of the document).

The package, one concern per module: ``records`` (the output records), ``lexicon`` (the word
lists compiled into regexes), ``layout`` (paragraphs, sentences, clauses, quotes), ``times``
(time expressions and their spans), ``scan`` and ``mentions`` (which numerals are figures),
``context`` (period, base, region, modality, clause cues), ``subjects`` (the counted noun or
noun phrase), ``builder`` (assembly and :func:`extract`) and ``version`` (the extractor version,
a hash of this package, ``numbers.py`` and the lexicons).
"""

from orchestration.parsing.facts.builder import extract
from orchestration.parsing.facts.records import Extraction, Fact, TimeRef
from orchestration.parsing.facts.version import EXTRACTOR_VERSION

__all__ = ["EXTRACTOR_VERSION", "Extraction", "Fact", "TimeRef", "extract"]
