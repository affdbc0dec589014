"""Word lists for casualty claims: outcomes, victim nouns, reporting verbs and glue words.

Kept apart from the rules in casualties.py so that a reader can check, and extend, what the
extractor treats as "killed" or as a person without reading any control flow.
"""

from __future__ import annotations

import re

from bot.extract.typos import TYPOS


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Outcome phrases, by how the victims attach to them:
#   "verb"   - victims after it when active ("killed 12"), or before it ("12 killed")
#   "active" - victims only after it ("killing 12", "claimed the lives of 12")
#   "after"  - victims only before it ("12 died", "12 dead", "12 went missing")
_TRIGGERS: dict[str, tuple[str, str]] = {}


def _add(outcome: str, how: str, phrases: str) -> None:
    for phrase in phrases.strip().split("\n"):
        phrase = phrase.strip()
        if phrase:
            _TRIGGERS[phrase] = (outcome, how)


_add(
    "killed",
    "verb",
    """
    killed
    kills
    kill
    murdered
    executed
    massacred
    slaughtered
    beheaded
    decapitated
    assassinated
    eliminated
    neutralised
    neutralized
    lynched
    lynches
    lynch
    butchered
    shot dead
    shot and killed
    gunned down
    burnt to death
    burned to death
    burnt alive
    burned alive
    hacked to death
    stabbed to death
    beaten to death
    beat to death
    shot to death
    stoned to death
    slain
    slew
    strangled
    crucified
    execute
    executes
    fatally shot
    fatally stabbed
    fatally wounded
    fatally injured
    fatally hit
    fatally struck
    crushed to death
    put to death
    finished off
    hanged
    martyred
    kiled
    behead
    beheads
    slaughter
    slaughters
    """,
)
_add(
    "killed",
    "active",
    """
    killing
    murdering
    executing
    massacring
    beheading
    eliminating
    neutralising
    neutralizing
    slaughtering
    claimed the lives of
    claiming the lives of
    claimed the life of
    claiming the life of
    took the lives of
    taking the lives of
    cost the lives of
    costing the lives of
    lost
    losing
    shooting dead
    slit the throats of
    proved fatal for
    the dead comprised
    slitting the throats of
    cut the throats of
    cutting the throats of
    slashed the throats of
    slit the throat of
    cut the throat of
    put out of harm's way
    dead :
    killed :
    fatalities :
    deaths :
    putting out of harm's way
    puts out of harm's way
    """,
)
# Russian MoD style: "destroyed 65 Ukrainian soldiers" (a person must follow, see casualties).
_add("killed", "active", "destroyed\ndestroying\nwiped out")
_add(
    "killed",
    "after",
    """
    died
    die
    dies
    dead
    perished
    lost their lives
    lost his life
    lost her life
    lost their life
    confirmed dead
    feared dead
    found dead
    pronounced dead
    declared dead
    drowned
    succumbed
    killed in action
    passed away
    among the dead
    among the victims
    among the fatalities
    among the killed
    among the deceased
    breathed his last
    breathed her last
    breathed their last
    met their deaths
    met their death
    met his death
    met her death
    paid with their lives
    paid with his life
    paid with her life
    paid the supreme price
    paid the ultimate price
    made the ultimate sacrifice
    fell in combat
    fell in battle
    fell in action
    fell in the line of duty
    fell in an ambush
    fell in the ambush
    fell in the attack
    fell in the fighting
    fell in clashes
    sustained fatal injuries
    sustained fatal gunshot wounds
    sustained fatal wounds
    suffered fatal injuries
    suffered fatal wounds
    did not survive
    blew himself up
    blew herself up
    blew themselves up
    blown himself up
    detonated himself
    detonated herself
    self-detonated
    fell on the field of honour
    fatally
    fell on the field of honor
    lost lives
    fell martyrs
    fell as martyrs
    fell martyr
    embraced martyrdom
    embraced shahadat
    attained martyrdom
    achieved martyrdom
    were sent to hell
    fell under the bullets
    fell to the bullets
    kia
    """,
)

# Killing verbs as families (base, 3rd person, past forms, -ing), so that a headline's
# present tense ("Gunmen assassinate two officials") reads like a report's past tense.
# The -ing form takes its victims after it ("killing 12"); the others either way. A "-"
# marks a form left out because it is a noun as often ("a murder", "the butcher").
_KILLING_FAMILIES = """
    kill kills killed killing
    - - murdered murdering
    execute executes executed executing
    - - massacred massacring
    slaughter slaughters slaughtered slaughtering
    behead beheads beheaded beheading
    decapitate decapitates decapitated decapitating
    assassinate assassinates assassinated assassinating
    eliminate eliminates eliminated eliminating
    neutralise neutralises neutralised neutralising
    neutralize neutralizes neutralized neutralizing
    lynch lynches lynched lynching
    - - butchered butchering
    slay slays slew,slain slaying
    strangle strangles strangled strangling
    crucify crucifies crucified crucifying
    gun_down guns_down gunned_down gunning_down
    shoot_dead shoots_dead shot_dead shooting_dead
    shoot_and_kill shoots_and_kills shot_and_killed shooting_and_killing
    burn_alive burns_alive burned_alive,burnt_alive burning_alive
"""
# Present-tense forms: never a passive participle ("Soldier kills civilian" is active).
PRESENT_FORMS: set[str] = set()
for _family in _KILLING_FAMILIES.strip().splitlines():
    _base, _third, _pasts, _ing = _family.split()
    PRESENT_FORMS.update((_base.split("_")[0], _third.split("_")[0]))
    for _form in (_base, _third, *_pasts.split(",")):
        if _form != "-":
            _TRIGGERS.setdefault(_form.replace("_", " "), ("killed", "verb"))
    _TRIGGERS.setdefault(_ing.replace("_", " "), ("killed", "active"))
# Dying verbs: the victims come before them ("12 migrants perished").
_add(
    "killed",
    "after",
    """
    dies
    succumbs
    succumb
    perishes
    perish
    lose their lives
    loses his life
    loses her life
    """,
)
_add("wounded", "verb", "wounded\ninjured\nhurt\nmaimed")
_add("wounded", "active", "wounding\ninjuring\nmaiming")
_add(
    "wounded",
    "after",
    """
    sustained injuries
    sustained wounds
    suffered injuries
    sustained gunshot wounds
    were hospitalised
    were hospitalized
    wia
    """,
)
_add("captured", "verb", "captured\ntaken prisoner\ntaken captive\ntook prisoner")
_add("captured", "active", "capturing\ntaking prisoner")
_add("abducted", "verb", "abducted\nkidnapped\nkidnaped\ntaken hostage\nheld hostage")
_add("abducted", "active", "abducting\nkidnapping")
_add("missing", "after", "missing\nunaccounted for\nwent missing")

TRIGGERS_BY_LEN: dict[int, dict[tuple[str, ...], tuple[str, str]]] = {}
for _phrase, _value in _TRIGGERS.items():
    _key = tuple(_phrase.split())
    TRIGGERS_BY_LEN.setdefault(len(_key), {})[_key] = _value
MAX_TRIGGER_WORDS = max(TRIGGERS_BY_LEN)
# The same phrases indexed by their first word, longest first: one dict lookup per word.
TRIGGERS_BY_FIRST: dict[str, list[tuple[tuple[str, ...], tuple[str, str]]]] = {}
for _key, _value in sorted(
    ((tuple(p.split()), v) for p, v in _TRIGGERS.items()), key=lambda kv: -len(kv[0])
):
    TRIGGERS_BY_FIRST.setdefault(_key[0], []).append((_key, _value))

# Outcome words that kill only people: "destroyed 65 soldiers", never "destroyed a depot".
PERSON_ONLY_TRIGGERS = _words("destroyed destroying wiped")
# "stoned three men to death": the verb counts as killing when "to death" follows.
TO_DEATH_VERBS = _words(
    """stoned stone stones beat beats beaten beating hacked hack hacks stabbed stab stabs burned burnt
    burn burns burning clubbed club tortured torture shot flogged hacking stabbing stoning clubbing
    torturing flogging shooting bludgeoned bludgeoning macheted trampled crushing"""
)

# Nouns that carry the outcome themselves: "12 deaths", "dozens of casualties", "10 lives".
OUTCOME_NOUNS: dict[str, str] = {
    "deaths": "killed",
    "death": "killed",
    "fatalities": "killed",
    "fatality": "killed",
    "fatalties": "killed",
    "dead": "killed",
    "bodies": "killed",
    "body": "killed",
    "corpse": "killed",
    "corpses": "killed",
    "killings": "killed",
    "murders": "killed",
    "executions": "killed",
    "lives": "killed",
    "martyrs": "killed",
    "deceased": "killed",
    "casualties": "casualties",
    "casualty": "casualties",
    "causalities": "casualties",
    "losses": "casualties",
    "injuries": "wounded",
    "injured": "wounded",
    "wounded": "wounded",
}
# Nouns that take the victims in an "of" phrase: "the deaths of 12", "the killing of 29".
OF_NOUNS: dict[str, str] = {
    # Translated press: "caused the martyrdom of 2 civilians and the injury of 11 others",
    # "announced the neutralisation of 24 rebels".
    "martyrdom": "killed",
    "neutralisation": "killed",
    "neutralization": "killed",
    "injury": "wounded",
    "death": "killed",
    "deaths": "killed",
    "killing": "killed",
    "killings": "killed",
    "murder": "killed",
    "murders": "killed",
    "execution": "killed",
    "executions": "killed",
    "massacre": "killed",
    "bodies": "killed",
    "body": "killed",
    "corpses": "killed",
    "corpse": "killed",
    "remains": "killed",
    "elimination": "killed",
    "lives": "killed",
    "abduction": "abducted",
    "abductions": "abducted",
    "kidnapping": "abducted",
    "kidnappings": "abducted",
    "capture": "captured",
    "wounding": "wounded",
}
# "resulted in the death of Mohamed Falah": a single named victim counts after these.
RESULT_VERBS = _words("resulted resulting led leading caused causing in to")
BODY_DETERMINERS = _words(
    "a an the his her one another dead lifeless decomposed mutilated headless unidentified charred"
)

TOLL_NOUNS = _words("toll tally figure")
# What a toll-giving verb gives: "put the toll at 9", "gave a figure of 17", "gave 5 dead".
TOLL_WORDS = _words("toll tally figure figures number count death deaths dead")
TOLL_LINKS = _words(
    """has had have rose risen climbed increased reached jumped stood stands stand is was now at to
    of hit passed surpassed exceeded raised been put the already further grown grew mounted
    officially reportedly death : - later since eventually near"""
)

# Between the victims and a following outcome: "were", "have reportedly been", "all", "found".
AUX = _words(
    """were was are is be been being have has had got get reportedly allegedly also all both later
    reported confirmed believed feared said to presumed subsequently eventually initially
    apparently then each instantly immediately thought either summarily brutally fatally
    seriously critically severely slightly lightly badly now since already just likely probably
    mostly found discovered left who which that remain remains remained still may might"""
)
BE_AUX = _words("was were is are been being be got")
# Skipped only after "be": "were reported killed", never "residents reported that".
REPORTING_AUX = _words("reported confirmed believed feared said thought presumed found discovered")
# Between an active outcome and its figure: "killed another 5", "killing a total of 10".
ACTIVE_GAP = _words(
    "another an additional a total of the at least some further all only their its his her"
)
DETERMINERS = _words("the a an this that these those their his her its our")
ACCUSATION = _words(
    "accused suspected charged convicted arrested responsible blamed jailed sentenced guilty"
)
# After a comma, these open an aside inside a group: "12 people, mostly civilians, were killed".
ASIDE_OPENERS = _words(
    "including mostly mainly most all among many some both largely chiefly predominantly"
)
INHERIT_PHRASES = (
    "along with",
    "as well as",
    "together with",
    "in addition to",
    "plus",
    "as were",  # "36 assailants were killed, as were 12 officers"
    "as was",
)

# Nouns that head a victim group (singular and plural); actor mentions count too.
PERSON_NOUNS = _words(
    """
people persons person men man women woman children child boys boy girls girl babies baby
infants infant minors minor teenagers teenager youths youth civilians civilian members member
fighters fighter militants militant rebels rebel insurgents insurgent soldiers soldier troops
officers officer policemen policeman police guards guard students student traders trader
farmers farmer herders herder herdsmen herdsman miners miner pilgrims pilgrim worshippers
worshipper passengers passenger workers worker staff employees employee peacekeepers
peacekeeper personnel recruits recruit cadets cadet commanders commander leaders leader chiefs
chief elements element suspects suspect individuals individual victims victim relatives
relative nurses nurse doctors doctor teachers teacher journalists journalist fishermen
fisherman hunters hunter protesters protester protestors protestor demonstrators demonstrator
rioters rioter prisoners prisoner inmates inmate detainees detainee hostages hostage refugees
refugee migrants migrant others bandits bandit kidnappers kidnapper robbers robber rustlers
rustler vigilantes vigilante militiamen militiaman villagers villager residents resident
jihadists jihadist terrorists terrorist gunmen gunman attackers attacker assailants assailant
mercenaries mercenary operatives operative servicemen serviceman combatants combatant
volunteers volunteer agents agent gendarmes gendarme marines marine paratroopers pilots pilot
crew crewmen sailors sailor contractors contractor islamists islamist extremists extremist
raiders raider motorists motorist drivers driver travellers traveller travelers traveler sons
son daughters daughter brothers brother wife wives husband husbands mother father imam imams
pastor priest priests monk nun emir emirs commandos commando bombers bomber snipers sniper
supporters supporter loyalists loyalist dissidents dissident defectors defector deserters
deserter fulanis fulani muslims muslim christians christian tribesmen tribesman clansmen
clansman elders elder patients patient medics medic inhabitants inhabitant locals
bystanders bystander mourners mourner guests guest customers customer shoppers shopper pupils
pupil schoolchildren worshipers worshiper colleague colleagues official officials lawmaker
lawmakers politician politicians businessman businessmen activist activists conscript
conscripts corporal sergeant captain colonel lieutenant general major private constable
director governor mayor councillor councilor chairman secretary spy spies thief thieves
criminals criminal herdsmen cultists cultist thugs thug witch witches sympathisers
sympathizers informant informants collaborators collaborator perpetrators perpetrator captors captor
abductors abductor bodyguards bodyguard partners partner citizens citizen labourers labourer
laborers laborer labours cleric clerics preacher preachers scholars scholar motorcyclists
motorcyclist cyclists servants servant opponents opponent critics critic kings king rulers
ruler sultan expatriates expatriate foreigners foreigner tourists tourist nationals teenagers
adolescents adolescent toddlers toddler pensioners veterans veteran widows widow orphans
orphan pedestrians pedestrian residents singer singers artist artists musician musicians head
soliders solider civillians schoolgirls schoolgirl schoolboys schoolboy hunters aid workers humanitarians humanitarian
ones
deacon deacons catechist catechists evangelist seminarian bishop sheikh sheikhs porter porters
shepherd shepherds ranger rangers intruder intruders chemist chemists pharmacist tailor mechanic
mechanics carpenter vendor vendors hawker hawkers midwife lecturer professor surgeon engineer
engineers technician electrician mason builder watchman watchmen gatekeeper caretaker cowherd
herdboy herdboys landlord tenant owner owners shopkeeper shopkeepers storekeeper businesswoman
accountant banker cashier lawyer lawyers judge magistrate prosecutor clerk minister ministers
deputy senator legislator chieftain headman headmen uncle aunt nephew niece cousin cousins
grandson granddaughter grandfather grandmother grandchildren stepson newborn girlfriend
boyfriend fiance fiancee survivor escapee fugitive fugitives poacher poachers smuggler
smugglers trafficker traffickers courier couriers informer informers peasant peasants settler
settlers nomad nomads pastoralist pastoralists cultivator cultivators labourer vigilante
councillor councillors pupil warden wardens jailer janitor pilot cook cooks assistant assistants aide aides
associate associates escort escorts companion companions friend friends neighbour neighbours
neighbor neighbors employer maid housemaid nanny
vaccinator inspector administrator investigator coordinator negotiator mediator photographer
reporter cameraman editor presenter broadcaster chauffeur warlord kingpin ringleader jihadi
sharpshooter recruiter looter arsonist assassin hitman policewoman servicewoman guardsman
trooper infantryman airman seaman sister sisters councilman parliamentarian candidate voter
staffer paramedic firefighter rescuer blogger schoolteacher headmaster mullah marabout muezzin
merchant woodcutter warder stepfather stepmother surveyor enumerator ambassador diplomat envoy
reservist reservists auxiliary auxiliaries conductor conductors returnee returnees idps gangster
gangsters pirate pirates footballer footballers player players fan fans beggar beggars occupant
occupants convict convicts escapees patrolman patrolmen guerrilla guerrillas jihadis partisan
partisans troopers loggers logger prospector prospectors diggers digger youngsters youngster
adults adult mothers fathers nuns monks compatriots dozos dozo kamajors ex-combatants
conservationists conservationist herdsboys militants drivers passersby passerby
commissioner commissioners prefect prefects sub-prefect superintendent commandant delegate
delegates representative representatives apprentice apprentices
"""
)
NON_PERSON = _words(
    """
cattle cows cow goats goat camels camel sheep horses horse donkeys donkey dogs livestock
animals animal vehicles vehicle cars car trucks truck houses house buildings building homes
shops weapons weapon rifles guns tanks tank drones drone aircraft planes helicopters boats
villages village towns town bases base positions position camps camp hours days weeks months
years times rounds rockets missiles shells bombs attacks attack incidents clashes localities
locations areas sites checkpoints checkpoint posts roads bridges schools churches mosques
tents huts farms crops motorcycles motorbikes ammunition assets total number group series
result bid way lot range array brigade battalion division regiment squadron platoon
corps operation raid ambush clash fighting offensive campaign battle border area region
groups sides factions parties communities countries states provinces districts regions cities
counties communes zones sectors neighbourhoods neighborhoods nationalities nations
compound compounds operations premises spot spots scene riposte response counterattack
counter-attack counter-offensive assault exchange confrontation skirmish shelling bombardment
strike strikes airstrike airstrikes explosion explosions blast blasts
"""
)
# Places named after the people in them: "a police station", "an army barracks".
PLACE_NOUNS = _words(
    """station stations post headquarters compound compounds academy barracks convoy convoys
    residence office offices premises building hospital school prison jail cell cells"""
)
# Heads of an "of" phrase that continue the victim group: "members of the sect".
RELATIONAL = _words(
    """members member elements fighters soldiers troops officers militants supporters residents
    relatives staff personnel units men operatives commanders commander leaders leader employees
    workers bodies body officer official officials head chief director chairman chairperson mayor
    governor president secretary"""
)
# Participles that end a group ("One attacker arrested"); other "-ed" words after the first
# word end it too, except these modifiers ("armed men", "suspected militants").
STOP_PARTICIPLES = _words(
    "arrested destroyed burned burnt looted razed seized damaged detained rescued freed released accused"
)
ED_MODIFIERS = _words(
    """armed suspected alleged unidentified unarmed masked uniformed hooded disguised retired
    displaced detained kidnapped abducted abducted unnamed named wanted so-called self-styled
    trained untrained armoured armored mounted motorised motorized organised organized
    unemployed unknown red"""
)
# Nouns that may follow a person word inside one group: "police force", "army unit".
GROUP_NOUNS = _words(
    "force forces unit units brigade battalion squad team patrol contingent detachment"
)
PP_STARTS = _words("from of in on at near inside within belonging aboard")
# A skipped phrase ends at these ("from the militia were"), and may contain these glue words.
PP_INNER = _words("the a an of its their his her both sides to in at near from on and")

# Words that end a victim noun phrase.
NP_STOP = _words(
    """
were was are is be been being have has had will would could should may might can did do does
got who whom which that whose when where while after before during in at on by near from with
without into onto over under across through throughout around along against toward towards
for to of as than since until till because although though if but or and nor so yet including
among amongst between beside besides inside outside within per via despite following amid
amidst reportedly allegedly also all both later earlier then there here said says claimed
reported according it its their they them he she his her we our this these those not left
leaving leaves
"""
)
CONNECTORS = _words(", and as well along with plus & including")
NEGATIONS = _words("no not never n't without nor neither none zero")
BOUNDARIES = _words(
    "; : that while whereas but although though because when after before which who"
)
LOCATIVE_PREPS = _words("in of from near at with against on to for")
# An active outcome followed by one of these has an object: "killed him", "killing the bomber".
OBJECT_STARTS = _words(
    """him her them himself herself themselves another a an one the his their its several many
    dozens scores hundreds " “"""
)
# After these a group is the object of a preposition, not a victim ("attacked by a gunman").
OBJECT_PREPS = _words("to by from with against for at near into onto toward towards")

# Qualitative casualty phrases.
QUALITATIVE_ADJ = _words(
    """heavy heavier severe significant huge considerable major serious substantial massive
    enormous numerous high mass untold big great grave large sizable sizeable important
    devastating staggering horrific terrible catastrophic multiple several many some undisclosed
    unspecified unconfirmed"""
)
QUALITATIVE_VERBS = _words(
    """caused causing inflicted inflicting suffered suffering sustained sustaining incurred
    incurring reported reporting admitted admits admit acknowledged acknowledges acknowledge
    conceded confirmed resulted result results left leaving recorded registered"""
)
MONTH_WORDS = _words(
    """january february march april may june july august september october november december
    jan feb mar apr jun jul aug sep sept oct nov dec"""
)
WHEN_WORDS = _words(
    "monday tuesday wednesday thursday friday saturday sunday yesterday today overnight night morning"
)
QUALITATIVE_NOUNS = {
    "causalities": "casualties",  # a frequent misspelling
    "casualty": "casualties",
    "losses": "casualties",
    "casualties": "casualties",
    "fatalities": "killed",
    "deaths": "killed",
}
UNKNOWN_PREDICATE = _words("unknown unclear unconfirmed undetermined unspecified")
VICTIM_PREPS = _words("on among amongst to for of within")
ATTACK_NOUNS = _words(
    """attack attacks ambush ambushes raid raids strike strikes airstrike airstrikes assault
    assaults offensive bombing bombings shelling operation operations incursion onslaught"""
)
# Between a subject and its active outcome: "rebels (had earlier) reported killing 84".
SUBJECT_GAP = _words(
    "had have has having also to reportedly allegedly been earlier previously then"
)
# Between an actor and the attack it made: "a JNIM-led ambush", "Boko Haram's suicide bombing".
ATTACK_MODIFIERS = frozenset(
    [
        "-",
        "led",
        "claimed",
        "suicide",
        "drone",
        "rocket",
        "mortar",
        "artillery",
        "air",
        "deadly",
        "coordinated",
        "'s",
        "’s",
    ]
)
# "rebels reported killing 84": the claimant did the killing.
CLAIM_WORDS = _words(
    "reported reports report claimed claims claim claiming announced admitted acknowledged denied said says confirmed boasted"
)


# Reporting verbs and the stance they give the claims they govern.
REPORT_VERBS: dict[str, str] = {}
for _word in [
    "said",
    "says",
    "say",
    "saying",
    "stated",
    "states",
    "state",
    "stating",
    "claimed",
    "claims",
    "claim",
    "claiming",
    "reported",
    "reports",
    "report",
    "reporting",
    "announced",
    "announces",
    "announce",
    "announcing",
    "told",
    "tells",
    "added",
    "adds",
    "adding",
    "declared",
    "declares",
    "asserted",
    "asserts",
    "alleged",
    "alleges",
    "alleging",
    "insisted",
    "insists",
    "revealed",
    "reveals",
    "disclosed",
    "discloses",
    "confirmed",
    "confirms",
    "confirming",
    "estimated",
    "estimates",
    "noted",
    "notes",
    "posted",
    "wrote",
    "writes",
    "tweeted",
    "indicated",
    "indicates",
    "informed",
    "published",
    "released",
    "boasted",
    "boasts",
    "counted",
    "recorded",
    "documented",
    "tallied",
    "quoted",
    "affirmed",
    "affirms",
    "specified",
    "explained",
    "warned",
    "cited",
    "citing",
    "registered",
    "listed",
    # Only before a toll or "of" (see attribution._is_report_verb): "put the toll at 9",
    # "gave a toll of 17", "spoke of two deaths".
    "put",
    "puts",
    "putting",
    "gave",
    "gives",
    "giving",
    "spoke",
    "speaks",
    "speaking",
]:
    REPORT_VERBS[_word] = "asserted"
for _word in [
    "admitted",
    "admits",
    "admit",
    "admitting",
    "acknowledged",
    "acknowledges",
    "acknowledge",
    "acknowledging",
    "conceded",
    "concedes",
    "confessed",
]:
    REPORT_VERBS[_word] = "admitted"
for _word in [
    "denied",
    "denies",
    "deny",
    "denying",
    "dismissed",
    "dismisses",
    "rejected",
    "rejects",
    "refuted",
    "refutes",
    "disputed",
    "disputes",
    "contested",
]:
    REPORT_VERBS[_word] = "denied"
for _word in [
    "retracted",
    "retracts",
    "retract",
    "withdrew",
    "withdraws",
    "withdrawn",
    "corrected",
]:
    REPORT_VERBS[_word] = "retracted"


# Reporting only before a toll or "of" (attribution._is_report_verb); a sentence they report
# in has its toll or outcome word, so they never make a sentence a candidate on their own.
TOLL_GIVING = _words("put puts putting gave gives giving")  # "put the toll at 9"
SPEAKING_OF = _words("spoke speaks speaking")  # "spoke of two deaths"
TOLL_GIVING_VERBS = TOLL_GIVING | SPEAKING_OF | _words("cited citing registered listed")

# Where a reporting clause's subject search stops, going left from the verb.
REPORT_BOUNDARIES = _words(
    """before after although though ; if because when while : whom but ” “ that " whereas as since
    who which"""
)

# An actor right after one of these is inside a phrase ("in Mali"), not the subject.
SUBJECT_PREPS = _words(
    """over between of by near on for after about toward under into against from at with despite
    across to including during in like around towards"""
)

# People and channels that speak for an organisation: "a spokesman for the CSP".
SPOKES_NOUNS = _words(
    """officials leader account wing official outlet head spokesperson communique spokesmen
    statement channel communiqué representative office arm spokeswoman spokesman media leaders
    chief channels representatives source agency commander commanders sources"""
)

# Claimants that are not actors, kept as the words used ("local sources", "witnesses").
SOURCE_HEADS = _words(
    """officials ministry leader family official elder outlet mayor villagers spokesperson medics
    survivors observers report toll reports statement military administration troops channel
    figures insurgents radio minister fighters television police spokeswoman doctors relatives
    spokesman survivor media witnesses activist activists prefect group separatists coalition
    president organization authorities junta jihadists militants forces locals chief tally
    newspaper journalists medic rebels organisation elders count source governor witness militia
    resident doctor agency journalist movement alliance residents hospital monitors army
    commander government sources leaders ruler rulers chiefs officer officers administrator
    administrators commissioner commissioners chairman chairperson councillor councillors
    lawmaker lawmakers legislator legislators senator senators deputy deputies priest priests
    imam imams bishop pastor cleric clerics monitor observatory committee council commission
    mission paramedics nurse nurses staff inhabitants lawyer lawyers diplomat diplomats
    investigator investigators society campaigners ministries gendarmerie gendarmes prefects
    governors mayors ministers commanders spokesmen presidency morgue coroner rescuers
    volunteers villager parliamentarian workers worker service services"""
)

# Words kept in front of a source: "local security sources", "a senior official".
SOURCE_MODIFIERS = _words(
    """village ranking other senior official provincial humanitarian regional two civil defense
    emergency military health rescue state municipal high-ranking police her community its a
    medical unnamed several an local district western defence foreign diplomatic chief top
    security their interior intelligence rebel national anonymous hospital the some his army
    protection government independent three traditional tribal clan religious opposition party
    human rights church relief aid unofficial initial preliminary former area territorial county
    communal zonal rural camp morgue youth women's student administrative judicial legal
    ministry presidential parliamentary"""
)

# After these, "alleged"/"reported"/"estimated" are adjectives, not reporting verbs.
ADJECTIVE_SLOT = _words(
    """of by for or and officially unofficially its a from with an this their these his the her
    those under over in on amid into at"""
)

# Reporting words that are nouns as often as verbs ("the report", "cattle disputes").
REPORT_NOUNS_TOO = _words(
    "report reports claim claims state states estimate estimates note notes dispute disputes contest contests count counts record records release statement"
)

# Verbs that report even when no subject can be named ("..., it was said").
PLAIN_SAYING = _words("said says stated claimed reported announced told added confirmed")


_COMMON_FIRST_WORDS = _words("the did made met put")


def _candidate_words() -> list[str]:
    words: set[str] = set()
    for first, phrases in TRIGGERS_BY_FIRST.items():
        if first not in _COMMON_FIRST_WORDS:
            words.add(first)
            continue
        # "did not survive" needs "survive": "did", "the" or "met" alone would make every
        # sentence a candidate.
        # (letters only: has_candidate_word reads "harm's" as "harm" and "s")
        words.update(max((w for w in phrase if w.isalpha()), key=len) for phrase, _value in phrases)
    words.update(OUTCOME_NOUNS, OF_NOUNS, TOLL_NOUNS, TO_DEATH_VERBS, QUALITATIVE_NOUNS)
    words.update(w for w in REPORT_VERBS if w not in TOLL_GIVING_VERBS)
    words.update(("according", "body", "corpse", "ablaze", "alight", "survived", "survive"))
    return sorted(words)


# A sentence without any of these words holds neither a casualty figure nor a reporting clause.
CANDIDATE_WORDS = frozenset(_candidate_words())
_LETTERS_RE = re.compile(r"[a-z]+")


def has_candidate_word(text: str) -> bool:
    """Whether `text` contains an outcome, casualty-noun or reporting word (a cheap pre-test)."""
    words = _LETTERS_RE.findall(text.lower())
    return not CANDIDATE_WORDS.isdisjoint(words) or not TYPOS.keys().isdisjoint(words)


def is_person_head(word: str) -> bool:
    """Whether a word names people ("soldiers", "fisherman"), singular or plural."""
    return word in PERSON_NOUNS or (word.endswith("s") and word[:-1] in PERSON_NOUNS)


_DEMONYM_RE = re.compile(r"^[A-Z][a-z]+(?:an|en|ese|i)s?$")
# Countries (not people) that look like demonyms.
_NOT_DEMONYMS = frozenset(
    [
        "sudan",
        "iran",
        "japan",
        "oman",
        "taiwan",
        "bhutan",
        "jordan",
        "azerbaijan",
        "yemen",
        "sweden",
    ]
)


def is_demonym(text: str) -> bool:
    """ "Palestinians", "Kenyan", "Somalis", "Congolese": people named by their nationality."""
    low = text.lower()
    return (
        _DEMONYM_RE.match(text) is not None
        and low not in NON_PERSON
        and low not in _NOT_DEMONYMS
        and not low.endswith("stan")
    )
