"""Word lists that tell how news names people, roles and organisations (English).

Capitalised words in running text are read with these lists: a title before a name makes
a person, a title alone after a country makes a role, a head noun at the end of a
capitalised phrase makes an organisation, and function words, weekdays and months that
happen to be capitalised are never actors.
"""

from __future__ import annotations


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


TITLE_HEADS = _words(
    """
    President Minister Secretary Chancellor Premier Senator Sen. Representative Rep. Congressman
    Congresswoman Governor Gov. General Gen. Mayor King Queen Prince Princess Pope Judge Justice
    Ambassador Envoy Admiral Adm. Colonel Col. Lieutenant Lt. Captain Capt. Sergeant Sgt. Major Maj.
    Commander Cmdr. Marshal Chairman Chairwoman Chair Director Commissioner Speaker Leader Ayatollah
    Sheikh Emir Sultan Spokesman Spokeswoman Spokesperson Prosecutor Attorney Chief Officer
    Rabbi Imam Cardinal Bishop Archbishop Coach Inspector Superintendent Detective Councillor
    Councilman Councilwoman Assemblyman Assemblywoman Adviser Advisor Executive CEO Governor-General
    Secretary-General Administrator Dr. Doctor Prof. Professor Mr. Mrs. Ms. Sir Dame Lord Lady Rev. Reverend Father
    """
)
"""Words that end a title: "Prime *Minister*", "Secretary of *State*" ends at its head "Secretary"."""

PERSONAL_TITLES = _words("Dr. Doctor Prof. Professor Mr. Mrs. Ms. Sir Dame Lord Lady Rev. Reverend Father")
"""Titles that only address a person; alone they name no role."""

TITLE_QUALIFIERS = _words(
    """
    Prime Vice Deputy Supreme Chief Senior Attorney Crown Field Press Home Foreign Defense Defence
    Finance Interior Health Economy Economic Energy Trade Justice Education Labor Labour Agriculture
    Transport Transportation Commerce Treasury State Security National Homeland Environment Climate
    Culture Information Intelligence Military Army Navy Air Force General Special Opposition Majority
    Minority House Senate First Grand Managing Assistant Associate District Executive Operating
    Financial Lieutenant Rear Staff Affairs Development Industry Housing Science Technology Interior
    Immigration Public Works Sports Tourism Water Digital Cabinet Presidential Principal Deputy-Chief
    """
)
"""Words that may stand inside a title: "*Defense* Minister", "Secretary of *State*"."""

ORG_HEADS = _words(
    """
    Ministry Department Institute Institution University College School Academy Inc. Inc Corp. Corp
    Corporation Co. Company Ltd Ltd. LLC PLC Plc Group Holdings Party Council Committee Commission
    Agency Authority Bank Fund Foundation Association Federation Union League Organization
    Organisation Court Tribunal Parliament Assembly Forces Army Navy Guard Guards Corps Police Office
    Bureau Service Services Center Centre Board Network Times Post News Journal Herald Tribune
    Airlines Airways Motors Technologies Systems Labs Laboratories Hospital Church Movement Front
    Brigade Brigades Coalition Alliance Society Trust Exchange Administration Cabinet Embassy
    Mission Secretariat Club Partners Pharmaceuticals Media Industries Reserve Command Government Forum Community
    Ministries Directorate Observatory Caucus Consortium Initiative Program Programme Project Electric
    Analytics Consulting Research Solutions Ventures Investments Associates Advisors Advisers SA SAS AG
    GmbH NV BV SpA AB ASA Securities Workers Steelworkers Teamsters FC AFC CF United Rovers Wanderers Athletic Athletico
    Dynamics Mills Foods Energy Petroleum Oil Gas Steel Chemicals Insurance Bancorp Capital
    """
)
"""Words that end an organisation's name: "Ministry of Defense", "Institute for the Study of War"."""

GOVERNMENT_HEADS = _words(
    """
    Ministry Department Army Navy Forces Police Embassy Parliament Government Cabinet Guard Corps
    Office Administration Command Ministries Directorate
    """
)
"""Organisation heads that belong to a state: "Israel's Defense Ministry" is Israel's own ministry."""

NOT_NAMES = _words(
    """
    Airport Street Avenue Road Square Bridge Hall Tower Towers River Lake Mountain Mountains Island
    Islands Park Prize Award Awards Cup Day Act Law Plan Doctrine Stadium Hotel Museum Palace Station
    Port Bay Valley Beach City County Province State States Republic Kingdom Summit Conference
    Treaty Accord Accords Agreement Festival Games Olympics Championship Championships Series Index
    War Wars Crisis Gate Strait Sea Ocean Desert Canal Coast Peninsula Region District Line Week
    Year Month Times Post News Review Report Magazine Show Book Books Street Building Centre Center
    Church Cathedral Mosque Temple Synagogue Dome Heights Hills Valley Forest Falls Springs Square
    Garden Gardens Avenue Boulevard Highway Route Plaza Mall Market Markets Stock Stocks Dollar Euro
    """
)
"""Words that make a capitalised phrase a place, event or thing, never a person."""

NAME_PARTICLES = _words("de del della da do dos das du van von der den ter bin ibn al el la le y")
"""Lower-case words that may stand inside a person's name: "Ursula von der Leyen"."""

CONNECTORS = _words("of for on and the & de del della da do dos das du van von der den ter bin ibn al el la le y")
"""Lower-case words that may join capitalised words into one name: "Ministry of Foreign Affairs"."""

NAME_SUFFIXES = _words("Jr. Sr. Jr Sr II III IV")
"""Suffixes after a surname that are not the surname."""

STOP_WORDS = _words(
    """
    The A An This That These Those It Its He She They We I You His Her Their Our My Your Him Them
    In On At By For From With Without Of To As But And Or Nor So Yet If When While Whereas
    Although Though Because Since After Before During Despite Still Overall However Additionally
    Moreover Meanwhile Furthermore Also Then Now Today Yesterday Tomorrow Tonight Last Next Just Even
    Only Some Many Most All Both Each Every Several Other Another Such Here There Where What Which
    Who Whom Whose Why How Instead Indeed Thus Therefore Nevertheless Nonetheless Earlier Later
    Recently Currently Previously Finally First Second Third Once Under Over Between Among Against
    Amid Across Around Through Toward Towards Upon Within According Asked Speaking Former Acting
    Interim Outgoing Incoming Late No Not Yes Please Thanks Hello Dear Share Exit Read Click
    Photo Image Images Getty Video Watch Listen Subscribe Advertisement Related More Sign Log Menu
    Top Breaking Update Updated Live Opinion Analysis Editorial Exclusive Follow Like Comment
    Monday Tuesday Wednesday Thursday Friday Saturday Sunday Mon Tue Tues Wed Thu Thurs Fri Sat Sun
    January February March April May June July August September October November December Jan Feb
    Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec Spring Summer Autumn Fall Winter Christmas Easter
    Ramadan Eid
    Many Few Much Any None Whether Unlike Like Given Following Regarding Including Until Unless
    Whatever Whoever Whenever Wherever Perhaps Maybe Certainly Clearly Obviously Ultimately
    Similarly Likewise Elsewhere Nearby Inside Outside Above Below Beyond Behind Beside Besides
    """
)
"""Capitalised words that are never part of an actor's name (sentence openers, weekdays, months)."""

LOCATIVES = _words(
    "in at to from near outside inside into across around toward towards through via over within throughout"
)
"""Prepositions after which a capital city is a place ("in Damascus"), not its government."""

PERSON_NOUNS = _words(
    """
    spokesperson spokesman spokeswoman founder co-founder chairman chairwoman chair president minister
    secretary director economist analyst professor researcher scientist lawyer attorney judge senator
    leader commander envoy ambassador negotiator coach manager adviser advisor official officer
    executive chief striker captain midfielder goalkeeper defender author historian expert strategist
    governor mayor candidate lawmaker legislator representative deputy head administrator astronaut
    doctor physician epidemiologist virologist engineer activist campaigner organiser organizer
    investor trader banker owner premier chancellor general colonel inspector prosecutor commissioner
    """
)
"""Lower-case nouns before a capitalised pair that make it a person ("its founder, Oskar Brandt")."""
