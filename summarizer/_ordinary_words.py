"""Ordinary English words that begin sentences in summaries: a capital there does not make them names.

Base forms only; :mod:`summarizer.freetext` recognises inflections (``raised``, ``keeps``, ``dropping``).
A word missing here is still accepted when the article writes a word of its family in lower case.
"""

from __future__ import annotations

__all__ = ["ORDINARY_WORDS"]

_FUNCTION_WORDS = """
a about above across after afterwards again against ahead all almost alone along already also although
always amid amidst among an and another any anyone anything anyway are around as at away back be because
been before behind being below beside besides between beyond both but by can cannot could despite did do
does doing down during each earlier either else even ever every everyone everything except few following
for formerly from further had has have having he hence her here hers herself him himself his how however
i if in including instead into is it its itself just last lastly later least less let like likewise many
may maybe meanwhile might more moreover most mostly much must my near nearly neither never nevertheless
next no nobody none nor not nothing now of off often on once one only onto or other others otherwise our
ours out over overall per perhaps possibly previously rather regarding same several shall she should since
so some someone something sometimes soon still such than that the their theirs them themselves then there
thereby therefore these they this those though through throughout thus till to today together tomorrow
too toward towards under unless unlike until up upon us very via was we were what whatever when whenever
where whereas wherever whether which while who whoever whole whom whose why will with within without
would yet yesterday you your yours
"""

_ADVERBS_AND_ADJECTIVES = """
about absolutely actual actually additional additionally again agreed alleged allegedly already apparent
apparently available basic basically big brief briefly broad broadly certain certainly clear clearly close
closely common commonly complete completely conditional conditionally current currently direct directly
early effective effectively entire entirely equal equally especially eventual eventually exact exactly
final finally firm firmly formal formally former free full fully further general generally high highly
immediate immediately initial initially joint jointly key large largely last late lately later latest
likely limited little local long longer low main mainly major many modest more most much mutual new newly
next official officially old open openly original originally other partial partially particular
particularly past possible potential previous previously primary private privately public publicly quick
quickly rather real really recent recently related reported reportedly separate separately serious
seriously short significant significantly similar similarly simple simply small so soon specific
specifically strong strongly such sudden suddenly temporary temporarily tentative tentatively total
totally unclear unconditional unconditionally unlikely unresolved upcoming urgent urgently various whole
wide widely
"""

_NOUNS = """
acceptance access accord agreement aid aides analysts approval arms attack attacks backing ban budget call
calls ceasefire change changes claims commitment compromise concession concessions condition conditions
control cost costs critics cuts date deadline deal debt decision delegates delegation demand demands
details disagreement dispute divisions draft end exchange framework freeze funding funds government
guarantee guarantees hostages increase issue issues leaders leadership limits majority management
meeting meetings members mediators money negotiations negotiators observers officials opposition
parties pay peace plan plans pledge position positions pressure price prices prisoners progress proposal
proposals protection reform reforms release relief representatives response review rights rules
sanctions security side sides spending staff statement statements strike support supporters talks
tariffs terms threat threats time trade troops truce vote votes wages war withdrawal workers
"""

_VERBS = """
abandon accept accuse acknowledge act add address adjust admit adopt advance advise affirm agree aim allow
announce answer appeal appear apply approve argue arrange ask assure attach attempt avoid back ban bar
bargain be become begin believe block break bring build call cancel cap caution cede challenge change cite
claim close come commit compromise concede conclude condemn confirm consider continue contribute counter
cover criticise criticize cut decide declare decline defend defer delay deliver demand deny describe
designate discuss dismiss dispute do double downplay drop ease emphasise emphasize end endorse ensure
enter escalate establish expand expect explore express extend face fail favour favor fear file finalise
finalize find focus follow force freeze fund gain get give go grant guarantee halt hand handle have hint
hold hope host impose improve include increase indicate insist intend introduce invite issue join keep
knock launch lead leave lift limit link lose lower maintain make meet mention move name need negotiate
note object offer open oppose order outline pass pause pay phase pledge plan point postpone prefer
prepare present press prevent promise propose protect protest provide pull push put question raise reach
react reaffirm receive recognise recognize recommend reduce refer refuse reiterate reject release remain
remove renew reopen repeat replace reply report represent request require resist resolve respond restore
restrict resume retain return reveal reverse review revise rule run save say scale scrap secure see seek
sell send set settle share shift show shrink sign signal soften speak split stand start state stay stick
stop strengthen stress strike submit suggest supply support suspend take talk tell threaten tie toughen
trade transfer treat trim try turn uphold urge vote vow wait want warn weigh welcome widen win withdraw
withhold work write
"""

_IRREGULAR_FORMS = """
began begun brought came chose chosen did done drew drawn fell felt found gave given got gotten held kept
knew known led left lost made meant met paid put ran rose said saw seen sent set sold sought spoke spoken
stood struck stuck took taken told thought understood went withdrew withdrawn won wrote written
"""

ORDINARY_WORDS = frozenset(
    (_FUNCTION_WORDS + _ADVERBS_AND_ADJECTIVES + _NOUNS + _VERBS + _IRREGULAR_FORMS).split()
)
"""Every word above, in lower case."""
