#!/usr/bin/env python3
"""Generate a deterministic corpus of Swedish "medborgardialog" pages in a git repo.

    gen-corpus.py [--format generic|trappa] --pages N --seed S [--no-pack] [--force] OUT_DIR

OUT_DIR becomes a git repository with exactly one commit containing
    config.yaml                      site config (title, base_url, language: sv)
    content/dialoger/<slug>.md       YAML front matter + CommonMark body
and, with --format trappa, content/site.yaml; the front matter is then in
Trappa's content format (the same bodies, list fields, case_numbers, areas,
themes). The generic format is what the Hugo adapter (adapters/hugo) and the
floor (floors/floor.c) read.

The same (N, seed) always yields byte-identical files and the same commit id
(author/committer/date are fixed).  By default the repository is repacked into a
single pack file (as after a clone); --no-pack leaves the objects loose.

Adapted from the project's reference harness (its gen-corpus.py) so that
`make bench` needs nothing outside the repository. The random draws are
unchanged; since GEN_VERSION 2 the participation heading reads "Så deltar du"
(the reference's old heading is now a near-miss Trappa rejects), so the
corpora differ from the reference's in that line (run.sh compares them only
when BENCH_SHARED names a copy of the reference harness).

Only the Python 3 standard library and the git CLI are used.
"""

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
import sys

FORMAT = "generic"
GEN_VERSION = "2"
REF_DATE = dt.date(2025, 6, 1)  # "today" for status/date logic; fixed for determinism
BASE_URL = "https://dialog.exempelkommun.example/"
WEB = "https://www.exempelkommun.example"

STATUSES = [("planerad", 20), ("pågående", 25), ("avslutad", 55)]
LEVELS = [("information", 20), ("konsultation", 35), ("dialog", 25),
          ("inflytande", 12), ("medbeslutande", 8)]
METHODS = ["enkät", "workshop", "fokusgrupp", "öppet hus", "e-förslag", "dialogmöte"]

BOARDS = {
    "KS": "Kommunstyrelsen",
    "SBN": "Samhällsbyggnadsnämnden",
    "BN": "Byggnadsnämnden",
    "TN": "Tekniska nämnden",
    "BUN": "Barn- och utbildningsnämnden",
    "GVN": "Gymnasie- och vuxenutbildningsnämnden",
    "KFN": "Kultur- och fritidsnämnden",
    "SN": "Socialnämnden",
    "VON": "Vård- och omsorgsnämnden",
    "MHN": "Miljö- och hälsoskyddsnämnden",
}

AREA_PRE = ["Björk", "Lind", "Ek", "Sjö", "Äng", "Öster", "Väster", "Norr", "Söder",
            "Gran", "Ros", "Hag", "Ål", "Häll", "Kärr", "Mås", "Sval", "Fur", "Al",
            "Lönn", "Rönn", "Bäck", "Ås", "Ström"]
AREA_SUF = ["hagen", "dal", "backa", "by", "vik", "holm", "torp", "lunda", "berga",
            "ängen", "åsen", "strand", "sjö", "höjden", "gården", "näs", "skogen",
            "lid", "mossen", "ryd"]
WATERS = ["Lillån", "Storsjön", "Ålviken", "Kvarnbäcken", "Öresjön", "Mölnaån",
          "Sågverksviken", "Fjärden", "Råån", "Svartån"]

FIRST = ["Anna", "Åsa", "Märta", "Björn", "Göran", "Karin", "Jönas", "Sofia", "Erik",
         "Linnéa", "Per", "Ingrid", "Mårten", "Hanna", "Örjan", "Elin", "Johan",
         "Maja", "Anders", "Frida", "Håkan", "Ebba", "Nils", "Sara", "Gösta",
         "Lena", "Ali", "Fatima", "Mohammed", "Amira", "Jonas", "Ylva", "Tove"]
LAST = ["Lindqvist", "Öberg", "Ängström", "Söderström", "Jönsson", "Bäckman",
        "Åkesson", "Karlsson", "Nyström", "Sjögren", "Hägglund", "Löfgren",
        "Björklund", "Wahlström", "Ekström", "Forsberg", "Holmgren", "Sandström",
        "Lundqvist", "Göransson", "Strömberg", "Nordén", "Håkansson", "Berglöf"]
ROLES = ["projektledare", "kommunikatör", "utvecklingsstrateg", "planarkitekt",
         "verksamhetsutvecklare", "dialogsamordnare", "trafikplanerare",
         "landskapsarkitekt", "folkhälsostrateg", "enhetschef"]

GROUPS = ["Boende i {area}", "Barn och unga", "Unga vuxna 16–25 år", "Äldre",
          "Föräldrar till förskolebarn", "Näringsidkare", "Föreningar",
          "Personer med funktionsnedsättning", "Fastighetsägare",
          "Elever och personal", "Pendlare", "Nyanlända",
          "Alla invånare i kommunen", "Hyresgästföreningar", "Pensionärsorganisationer"]

VENUES = ["{area}skolans aula", "biblioteket i {area}", "Folkets hus i {area}",
          "medborgarhuset", "Träffpunkt {area}", "stadshusets sessionssal",
          "fritidsgården i {area}", "kulturhuset Ågården", "församlingshemmet i {area}"]

MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti",
          "september", "oktober", "november", "december"]

# (title pattern, theme (definite noun phrase), board abbreviations, tags, specific sentences)
TOPICS = [
    ("Ny detaljplan för {area}", "den nya detaljplanen för {area}", ["SBN", "BN"],
     ["detaljplan", "stadsutveckling", "bostäder"],
     ["Detaljplanen möjliggör omkring {n} nya bostäder, en förskola och ett mindre torg.",
      "Planförslaget innebär att delar av dagens parkeringsytor ersätts med bostadskvarter och gröna gårdar.",
      "Bebyggelsen föreslås bli mellan tre och sex våningar hög, med lokaler för handel i bottenvåningarna.",
      "Under samrådet kan du lämna synpunkter på hur området ska gestaltas och hur det ska kopplas ihop med omgivningen."]),
    ("Trygghetsvandring i {area}", "tryggheten i {area}", ["KS", "SN"],
     ["trygghet", "belysning", "folkhälsa"],
     ["Vid en trygghetsvandring går boende, fastighetsägare, polis och kommun tillsammans genom området.",
      "Under vandringen noterar deltagarna platser som upplevs som mörka, ödsliga eller svåra att överblicka.",
      "Resultatet används för att prioritera åtgärder som belysning, röjning av buskage och bättre skyltning.",
      "Den senaste trygghetsmätningen visade att var tredje invånare i {area} undviker vissa platser efter mörkrets inbrott."]),
    ("Framtidens bibliotek i {area}", "biblioteksverksamheten i {area}", ["KFN"],
     ["bibliotek", "kultur", "läsfrämjande"],
     ["Biblioteket är i dag en av de mest besökta offentliga platserna i {area}.",
      "Lokalerna är slitna och anpassades ursprungligen för en helt annan verksamhet än den som bedrivs i dag.",
      "Vi vill veta hur du vill använda biblioteket: för att låna böcker, studera, träffa andra eller delta i evenemang.",
      "Öppettiderna är en återkommande fråga, och flera har efterfrågat meröppet även på kvällar och helger."]),
    ("Upprustning av parken i {area}", "upprustningen av parken i {area}", ["TN", "SBN"],
     ["park", "lekplats", "grönområden"],
     ["Parken anlades på 1970-talet och flera av lekredskapen behöver bytas ut.",
      "Förslaget omfattar en ny lekplats, fler sittplatser, bättre belysning och en öppen gräsyta för spontanidrott.",
      "Träden i parken är en viktig del av områdets karaktär och ska i största möjliga mån bevaras.",
      "Dagvattnet från omgivande gator ska tas om hand i nya regnbäddar som också ger plats för växter och insekter."]),
    ("Ny cykelplan för {area}", "cykelvägarna i och kring {area}", ["TN"],
     ["cykel", "trafik", "hållbart resande"],
     ["Andelen resor som görs med cykel har ökat, men det saknas fortfarande sammanhängande stråk.",
      "Flera korsningar har pekats ut som osäkra, särskilt för barn som cyklar till skolan.",
      "Cykelplanen ska visa var nya cykelbanor behövs och hur underhållet vintertid kan förbättras.",
      "Vi vill också veta var det behövs fler och säkrare cykelparkeringar."]),
    ("Skolstruktur i {area}", "skolstrukturen i {area}", ["BUN"],
     ["skola", "förskola", "barn"],
     ["Antalet barn i skolåldern väntas öka kraftigt de kommande åren.",
      "Två av skolorna i området har lokaler som inte längre uppfyller dagens krav på tillgänglighet och inomhusmiljö.",
      "Utredningen belyser flera alternativ, bland annat om- och tillbyggnad eller en helt ny skola.",
      "Elevernas egna erfarenheter av skolvägen och skolgården är ett viktigt underlag i arbetet."]),
    ("Äldreomsorgens utveckling i {area}", "äldreomsorgen i {area}", ["VON"],
     ["äldreomsorg", "hälsa", "hemtjänst"],
     ["Andelen invånare över 80 år förväntas nästan fördubblas fram till 2040.",
      "Många äldre vill bo kvar hemma så länge som möjligt, med stöd av hemtjänst och digitala lösningar.",
      "Vi vill höra hur äldre och anhöriga upplever kontinuiteten i hemtjänsten och möjligheterna till social samvaro.",
      "Ett nytt särskilt boende planeras, och dialogen ska ge underlag för hur det ska utformas."]),
    ("Ungdomsdialog om fritidsgårdar i {area}", "fritidsgårdarna i {area}", ["KFN"],
     ["ungdomar", "fritid", "mötesplatser"],
     ["Fritidsgården är för många unga den viktigaste mötesplatsen efter skoltid.",
      "Besöksstatistiken visar att flickor och unga med funktionsnedsättning besöker gårdarna i lägre grad.",
      "Ungdomarna har själva föreslagit längre öppettider, fler aktiviteter och möjlighet att påverka programmet.",
      "Dialogen genomförs tillsammans med ungdomsrådet och elevråden på högstadieskolorna."]),
    ("Budgetdialog {year}", "kommunens budget för {year}", ["KS"],
     ["budget", "ekonomi", "prioriteringar"],
     ["Kommunens ekonomi står inför stora utmaningar med ökade kostnader och ett ansträngt skatteunderlag.",
      "I dialogen får du prioritera mellan olika verksamheter och se vad det kostar att genomföra olika åtgärder.",
      "Resultatet lämnas till budgetberedningen som ett av flera underlag inför beslutet i kommunfullmäktige.",
      "Alla svar är anonyma och redovisas endast på gruppnivå."]),
    ("Klimatanpassning längs {water}", "klimatanpassningen längs {water}", ["MHN", "SBN"],
     ["klimat", "dagvatten", "översvämning"],
     ["Vid kraftiga skyfall har flera fastigheter längs {water} drabbats av översvämningar.",
      "Kommunens skyfallskartering visar att risken kommer att öka i takt med ett förändrat klimat.",
      "Åtgärderna kan bland annat handla om nya vallar, översvämningsytor och förändrad markanvändning.",
      "Vi vill veta hur du använder stränderna och vilka värden som är viktigast att bevara."]),
    ("Översiktsplan {year}–{year20}", "den nya översiktsplanen", ["KS"],
     ["översiktsplan", "stadsutveckling", "landsbygd"],
     ["Översiktsplanen visar hur mark och vatten ska användas i hela kommunen på lång sikt.",
      "Planen pekar ut var nya bostäder, verksamheter och grönområden kan tillkomma.",
      "Landsbygdens utveckling och tillgången till service utanför tätorten är viktiga frågor i arbetet.",
      "Under utställningen kan alla lämna synpunkter på planförslaget."]),
    ("Medborgarbudget för {area}", "medborgarbudgeten för {area}", ["KS"],
     ["medborgarbudget", "delaktighet", "lokal utveckling"],
     ["Kommunen har avsatt {n} 000 kronor som invånarna i {area} själva får bestämma över.",
      "Alla som bor, arbetar eller går i skola i området kan lämna förslag.",
      "Förslagen granskas av förvaltningen för att se att de är genomförbara inom budgeten.",
      "De förslag som får flest röster genomförs under det kommande året."]),
    ("Kollektivtrafik och hållplatser i {area}", "kollektivtrafiken i {area}", ["TN"],
     ["kollektivtrafik", "buss", "tillgänglighet"],
     ["Flera hållplatser i {area} saknar väderskydd och är inte anpassade för personer med rullator eller rullstol.",
      "Turtätheten kvällstid och på helger har länge varit en fråga för boende i området.",
      "Kommunen ansvarar för hållplatsernas utformning, medan regionen ansvarar för linjer och tidtabeller.",
      "Synpunkterna lämnas vidare till regionens kollektivtrafikförvaltning."]),
    ("Ny idrottshall i {area}", "den nya idrottshallen i {area}", ["KFN"],
     ["idrott", "föreningar", "folkhälsa"],
     ["Efterfrågan på halltider är i dag betydligt större än utbudet.",
      "Hallen ska kunna användas av skolan dagtid och av föreningar och allmänhet kvällar och helger.",
      "Vi vill veta vilka idrotter och aktiviteter som behöver plats och hur hallen kan bli en mötesplats även för den som inte idrottar."]),
    ("Torgets framtid i {area}", "torget i {area}", ["SBN", "KS"],
     ["torg", "handel", "mötesplatser"],
     ["Torget har under lång tid tappat besökare i takt med att handeln flyttat till externa lägen.",
      "Idéer som har kommit fram tidigare är torghandel, uteserveringar, konst och fler träd.",
      "Fastighetsägarna runt torget deltar i arbetet och har visat intresse för att utveckla sina bottenvåningar."]),
    ("Avfall och återvinning i {area}", "avfallshanteringen i {area}", ["TN", "MHN"],
     ["återvinning", "miljö", "avfall"],
     ["Återvinningsstationerna i området är ofta överfulla, särskilt efter helger.",
      "Kommunen utreder fastighetsnära insamling av förpackningar enligt de nya nationella reglerna.",
      "Vi vill veta vad som skulle göra det enklare för dig att sortera rätt."]),
    ("Lekmiljöer för barn i {area}", "lekmiljöerna i {area}", ["BUN", "TN"],
     ["barn", "lek", "barnrätt"],
     ["Enligt barnkonventionen har barn rätt att komma till tals i frågor som berör dem.",
      "Barnen har fått fotografera sina favoritplatser och platser de tycker är läskiga.",
      "Förskolor och skolor i området deltar med egna lektioner om hur en bra lekplats ser ut."]),
    ("Naturreservat vid {water}", "det föreslagna naturreservatet vid {water}", ["MHN"],
     ["natur", "friluftsliv", "biologisk mångfald"],
     ["Området runt {water} har höga naturvärden med gammal skog, våtmarker och ett rikt fågelliv.",
      "Ett reservat skulle skydda naturvärdena samtidigt som området görs mer tillgängligt för friluftsliv.",
      "Föreskrifterna reglerar bland annat skogsbruk, byggande och var hundar måste hållas kopplade."]),
    ("Digitala e-tjänster {year}", "kommunens digitala service", ["KS"],
     ["digitalisering", "e-tjänster", "service"],
     ["Allt fler ärenden kan i dag skötas digitalt, men många upplever att e-tjänsterna är svåra att hitta.",
      "Vi vill särskilt höra från dig som sällan använder digitala tjänster eller som behöver stöd för att göra det.",
      "Användartester genomförs tillsammans med biblioteken och kommunens kontaktcenter."]),
    ("Stöd till föreningslivet {year}", "föreningsstödet", ["KFN"],
     ["föreningar", "bidrag", "civilsamhälle"],
     ["Reglerna för föreningsbidrag har inte setts över på mer än tio år.",
      "Förslaget innebär att bidragen i högre grad ska styras mot verksamhet för barn och unga.",
      "Föreningarna bjuds in till särskilda dialogmöten där förslaget presenteras."]),
    ("Belysning och gångstråk i {area}", "gångstråken i {area}", ["TN"],
     ["belysning", "trygghet", "gångtrafik"],
     ["Många av gångstråken i {area} är dåligt belysta och upplevs som otrygga på kvällen.",
      "Kommunen planerar att byta ut armaturer och komplettera med belysning på fler platser.",
      "Vi vill veta vilka vägar du går och var du tycker att det behövs åtgärder först."]),
    ("Konstnärlig gestaltning i {area}", "den konstnärliga gestaltningen i {area}", ["KFN"],
     ["konst", "kultur", "offentlig miljö"],
     ["En procent av byggkostnaden för nya offentliga miljöer avsätts till konstnärlig gestaltning.",
      "Konstnären har i ett tidigt skede velat samla berättelser från människor som bor i området.",
      "Berättelserna kan komma att bli en del av själva konstverket."]),
    ("Strategi mot hemlöshet {year}", "arbetet mot hemlöshet", ["SN"],
     ["socialtjänst", "bostäder", "hemlöshet"],
     ["Antalet personer i akut hemlöshet har ökat under de senaste åren.",
      "Strategin tas fram tillsammans med bostadsbolaget, ideella organisationer och personer med egen erfarenhet.",
      "Dialogen genomförs i mindre grupper för att alla ska känna sig trygga att berätta."]),
    ("Mötesplats för seniorer i {area}", "mötesplatserna för seniorer i {area}", ["VON"],
     ["seniorer", "ensamhet", "mötesplatser"],
     ["Ofrivillig ensamhet är en av de största folkhälsoutmaningarna bland äldre.",
      "Dagens träffpunkt har begränsade lokaler och öppettider.",
      "Vi vill veta vilka aktiviteter som lockar och vad som skulle få fler att komma."]),
    ("Gymnasieutbudet {year}", "gymnasieutbudet", ["GVN"],
     ["gymnasium", "utbildning", "unga"],
     ["Söktrycket till de olika programmen varierar kraftigt från år till år.",
      "Näringslivet efterfrågar fler med yrkesutbildning inom bygg, vård och teknik.",
      "Elever i årskurs 8 och 9 får svara på frågor om vad som påverkar deras gymnasieval."]),
    ("Strandpromenad längs {water}", "strandpromenaden längs {water}", ["SBN"],
     ["strand", "friluftsliv", "tillgänglighet"],
     ["Strandpromenaden är i dag inte sammanhängande, och på flera ställen saknas belysning.",
      "Förslaget omfattar nya bryggor, sittplatser och en tillgänglig gångväg längs hela vattnet.",
      "Vi vill veta hur du använder stranden under olika årstider."]),
    ("Parkeringsstrategi för {area}", "parkeringen i {area}", ["SBN", "TN"],
     ["parkering", "trafik", "stadsutveckling"],
     ["När området förtätas minskar antalet markparkeringar.",
      "Strategin ska ge svar på hur behovet av parkering kan tillgodoses utan att gatumiljön försämras.",
      "Bilpooler och cykelparkering är viktiga delar i förslaget."]),
    ("Näringslivsstrategi {year}", "kommunens näringslivsstrategi", ["KS"],
     ["näringsliv", "företagande", "arbetsmarknad"],
     ["Företagarna i kommunen har i flera undersökningar efterfrågat snabbare handläggning.",
      "Strategin ska bidra till fler arbetstillfällen och ett bättre företagsklimat.",
      "Dialogen riktar sig särskilt till små företag och till den som funderar på att starta eget."]),
    ("Folkhälsoplan {year}", "folkhälsoarbetet", ["KS", "SN"],
     ["folkhälsa", "jämlik hälsa", "förebyggande arbete"],
     ["Skillnaderna i hälsa mellan olika delar av kommunen är stora.",
      "Planen ska peka ut vilka insatser som ger störst effekt för en jämlik hälsa.",
      "Skolor, vårdcentraler och föreningar är viktiga samarbetspartner i arbetet."]),
    ("Vattenplan för {water}", "vattenkvaliteten i {water}", ["MHN"],
     ["vatten", "miljö", "fiske"],
     ["Provtagningar visar förhöjda halter av näringsämnen i {water}.",
      "Enskilda avlopp och dagvatten från hårdgjorda ytor är viktiga källor till övergödningen.",
      "Markägare, fiskevårdsområden och allmänhet bjuds in att bidra med kunskap om vattnet."]),
]

INTRO = [
    "{Kommunen} vill veta vad du tycker om {theme}.",
    "Nu har du möjlighet att påverka {theme}.",
    "Vi bjuder in alla som berörs att vara med och tycka till om {theme}.",
    "{board} har beslutat att genomföra en medborgardialog om {theme}.",
    "Dina erfarenheter och idéer är viktiga när kommunen ska utveckla {theme}.",
]
INTRO2 = [
    "Dialogen pågår från den {start_sv} till den {end_sv}.",
    "Synpunkterna kommer att vara ett viktigt underlag inför kommande beslut.",
    "Här på sidan hittar du bakgrund, tidplan och information om hur du kan delta.",
    "Alla synpunkter läses och sammanställs av förvaltningen.",
    "Du behöver inga förkunskaper för att delta, och det går bra att svara anonymt.",
]

BACKGROUND = [
    "Under de senaste åren har frågan om {theme} återkommit i kontakterna mellan kommunen och dem som bor och verkar i {area}.",
    "{board} gav i början av {year} förvaltningen i uppdrag att ta fram ett underlag om {theme}.",
    "Många synpunkter har kommit in via kommunens felanmälan, i sociala medier och vid tidigare möten.",
    "Området har vuxit snabbt och antalet invånare har ökat med nästan {pct} procent sedan {year0}.",
    "Kommunen vill att beslut som påverkar vardagen ska fattas med god kännedom om invånarnas erfarenheter och behov.",
    "Det finns i dag flera pågående projekt i närområdet, och det är viktigt att de samordnas.",
    "Förvaltningen har gjort en första nulägesanalys som visar både styrkor och utmaningar.",
    "En del av underlaget bygger på statistik från SCB och på kommunens egna mätningar.",
    "Frågan berör många olika grupper, från barnfamiljer och äldre till företagare och föreningar.",
    "Tidigare utredningar har pekat på att {theme} behöver ses över i ett längre perspektiv.",
    "Det politiska beslutet om att genomföra en medborgardialog fattades av {board} den {decided_sv}.",
    "I budgeten för {year} finns medel avsatta för att genomföra åtgärder inom området.",
    "Kommunens översiktsplan pekar ut {area} som ett av de områden där förändringar förväntas de kommande tio åren.",
    "Medborgardialogen är en del av kommunens arbete med att stärka delaktigheten och förtroendet för den lokala demokratin.",
    "Samtidigt är de ekonomiska ramarna begränsade, och alla önskemål kommer inte att kunna tillgodoses.",
    "Förvaltningen har under våren haft samråd med bland annat polisen, räddningstjänsten och lokala fastighetsägare.",
    "Erfarenheter från andra kommuner visar att tidig dialog ger bättre beslut och färre överklaganden.",
    "Det är inte första gången som frågan diskuteras; redan {year0} genomfördes en mindre enkätundersökning i området.",
    "Många av dem som bor i {area} har bott här i flera generationer, medan andra har flyttat hit under de senaste åren.",
    "Området präglas av en blandning av hyresrätter, bostadsrätter och villor, vilket ger olika förutsättningar och behov.",
    "Närheten till skog och vatten lyfts ofta fram som en av områdets största tillgångar.",
    "Samtidigt upplever många att service som vårdcentral, apotek och matbutik har försvunnit från området.",
    "Förvaltningen har tagit fram en kartläggning av hur platserna används under olika delar av dygnet.",
    "Kartläggningen visar att vissa platser är välbesökta dagtid men nästan tomma på kvällen.",
    "Frågan har även behandlats i kommunfullmäktige efter en motion från en av ledamöterna.",
    "Arbetet sker i nära samverkan mellan flera förvaltningar och de kommunala bolagen.",
    "För att nå fler har kommunen i år valt att kombinera digitala och fysiska mötesformer.",
    "En barnkonsekvensanalys ska göras innan något beslut fattas.",
    "Även kommunens tillgänglighetsråd och pensionärsråd har fått möjlighet att lämna synpunkter i ett tidigt skede.",
    "Målet är att dialogen ska spegla hela befolkningen, inte bara dem som brukar höra av sig till kommunen.",
    "Därför genomförs särskilda insatser för att nå unga, nyanlända och personer som sällan deltar i samhällsdebatten.",
    "Materialet finns översatt till arabiska, somaliska, engelska och finska.",
    "Frågor om drift och underhåll har visat sig vara lika viktiga som frågor om nya investeringar.",
    "Förvaltningen har också gått igenom de synpunkter som kom in vid förra årets öppna hus.",
    "Det har funnits ett starkt engagemang i frågan, inte minst från de lokala föreningarna.",
    "Kommunen har ett ansvar att väga olika intressen mot varandra och att se till helheten.",
    "Resultatet av dialogen kommer att publiceras på den här sidan när det är sammanställt.",
    "I underlaget finns också en beskrivning av hur liknande frågor har hanterats i grannkommunerna.",
    "Frågan hänger ihop med kommunens arbete med Agenda 2030 och de globala målen för hållbar utveckling.",
    "Vissa åtgärder kan genomföras redan under innevarande år, medan andra kräver längre planering.",
]

PURPOSE = [
    "Syftet är att samla in synpunkter på {theme} innan {board} fattar beslut.",
    "Dialogen ska ge kommunen en bättre bild av hur invånarna i {area} ser på {theme}.",
    "Målet är att ta tillvara lokal kunskap och att förankra arbetet med {theme} hos dem som berörs.",
    "Syftet är att invånarna ska vara med och ta fram förslag om {theme}.",
    "Dialogen ska ge underlag för prioriteringar i det fortsatta arbetet med {theme}.",
]
PURPOSE2 = [
    "Resultatet redovisas öppet och återkopplas till alla som deltagit.",
    "Särskild vikt läggs vid barns och ungas perspektiv.",
    "Synpunkterna vägs samman med tekniska och ekonomiska utredningar.",
    "Dialogen ska också bidra till ökad kunskap om hur kommunens beslut fattas.",
]

QUESTIONS = [
    "Vad fungerar bra i {area} i dag, och vad behöver förbättras?",
    "Hur använder du de offentliga miljöerna i området under olika tider på dygnet?",
    "Vilka platser upplever du som otrygga, och varför?",
    "Vad är viktigast för dig när kommunen prioriterar mellan olika åtgärder?",
    "Hur vill du bli informerad om det fortsatta arbetet?",
    "Vilka behov ser du för barn och unga i närområdet?",
    "Finns det platser som bör bevaras precis som de är?",
    "Hur tar du dig vanligtvis till skola, arbete och service?",
    "Vilka mötesplatser saknas i dag?",
    "Hur kan kommunen bättre ta tillvara föreningslivets engagemang?",
    "Vad skulle få dig att vilja delta mer i kommunens utvecklingsarbete?",
    "Vilka hinder möter du i vardagen när det gäller tillgänglighet?",
]

METHOD_TEXT = {
    "enkät": "**Enkät:** Svara på vår digitala enkät på [kommunens webbplats]({web}/enkat/{slug}). Den tar ungefär tio minuter att fylla i och finns även i pappersformat på biblioteket och i kommunens kontaktcenter.",
    "workshop": "**Workshop:** Vi bjuder in till en workshop i {venue} den {d1_sv} klockan 18.00–20.30. Där arbetar vi i mindre grupper med kartor, bilder och konkreta förslag. Fika serveras.",
    "fokusgrupp": "**Fokusgrupp:** Ett antal fokusgrupper med särskilt inbjudna deltagare genomförs under perioden. Anmäl intresse till kontaktpersonen om du vill delta.",
    "öppet hus": "**Öppet hus:** Kom förbi {venue} den {d2_sv} mellan 15.00 och 19.00. Tjänstepersoner och förtroendevalda finns på plats för att svara på frågor och ta emot synpunkter.",
    "e-förslag": "**E-förslag:** Lämna ett eget förslag via [kommunens e-förslagstjänst]({web}/e-forslag). Förslag som får minst 100 röster behandlas av {board_l}.",
    "dialogmöte": "**Dialogmöte:** Ett dialogmöte hålls i {venue} den {d3_sv}. Mötet inleds med en kort presentation, och därefter samtalar vi vid bord om de viktigaste frågorna.",
}

LEVEL_TEXT = {
    "information": "Dialogen ligger på nivån *information*. Det innebär att kommunen informerar om ett beslut eller ett pågående arbete, men att det inte finns utrymme att påverka innehållet i sak. Du är ändå välkommen att ställa frågor.",
    "konsultation": "Dialogen ligger på nivån *konsultation*. Kommunen samlar in synpunkter som tas med som ett av flera underlag inför beslut. Det är de förtroendevalda som fattar det slutliga beslutet.",
    "dialog": "Dialogen ligger på nivån *dialog*. Invånare, tjänstepersoner och förtroendevalda samtalar under en längre tid för att förstå varandras perspektiv och tillsammans utveckla frågan.",
    "inflytande": "Dialogen ligger på nivån *inflytande*. Deltagarna är med och tar fram förslag som i hög grad påverkar hur {theme} utformas, inom de ramar som politiken har satt.",
    "medbeslutande": "Dialogen ligger på nivån *medbeslutande*. Deltagarna fattar själva beslut inom en given ram, till exempel en avsatt budget, och kommunen förbinder sig att genomföra besluten.",
}

NEXT = [
    "När dialogen är avslutad sammanställer förvaltningen alla synpunkter i en rapport.",
    "Rapporten presenteras för {board_l} och publiceras här på sidan.",
    "Därefter arbetar förvaltningen vidare med ett förslag som kan komma att ändras utifrån det som kommit fram.",
    "Om du har lämnat dina kontaktuppgifter får du ett mejl när resultatet är klart.",
    "Ett beslut väntas under {dec_season} {dec_year}.",
    "Du kan när som helst följa arbetet på kommunens webbplats.",
    "Vi kommer också att berätta vilka synpunkter som inte har kunnat tas tillvara, och varför.",
]

FINDINGS = [
    "Många efterfrågar bättre belysning längs gång- och cykelvägar.",
    "En majoritet av de svarande vill att grönytorna i {area} bevaras.",
    "Barn och unga lyfter behovet av fler mötesplatser efter skoltid.",
    "Flera deltagare upplever att informationen om kommunens planer kommer för sent.",
    "Det finns ett starkt stöd för att prioritera trafiksäkerhet kring skolorna.",
    "Äldre invånare betonar vikten av sittplatser och tillgängliga entréer.",
    "Företagarna i området vill ha fler platser för korttidsparkering.",
    "Många uppskattar närheten till naturen och vill att den ska vara lätt att nå.",
    "Det finns oro för ökad trafik i samband med nybyggnationen.",
    "Förslaget om en ny mötesplats vid torget fick brett stöd.",
    "Flera pekar på behovet av bättre snöröjning och halkbekämpning.",
    "Deltagarna vill att kommunen återkopplar oftare under arbetets gång.",
]
RESULT_P = [
    "Totalt deltog {participants} personer i dialogen, varav ungefär {pct_young} procent var under 25 år.",
    "Enkäten fick {answers} svar, och vid de fysiska mötena deltog sammanlagt omkring {meet} personer.",
    "Svaren visar en tydlig bild, även om åsikterna i vissa frågor går isär.",
    "Nedan sammanfattas de viktigaste slutsatserna. Hela rapporten finns att läsa på [kommunens webbplats]({web}/rapporter/{slug}.pdf).",
    "Svarsfrekvensen var högst bland boende i {area} och lägst bland unga vuxna.",
    "De öppna svaren har kategoriserats tematiskt av förvaltningen.",
]
QUOTES = [
    "Det är första gången jag känner att någon faktiskt lyssnar på oss som bor här.",
    "Vi vill kunna gå hem från bussen utan att vara rädda.",
    "Barnen behöver platser där de får vara barn, inte bara parkeringar och asfalt.",
    "Det är bra att kommunen frågar, men nu vill vi se att något händer.",
    "Våra föreningar gör mycket redan, ge oss bara lokalerna.",
]
FEEDBACK = [
    "Sammanställningen av synpunkterna presenterades för {board_l} den {fb_sv}.",
    "Nämnden beslutade att ge förvaltningen i uppdrag att arbeta vidare med de förslag som fått störst stöd.",
    "Flera av förslagen har redan genomförts, bland annat ny belysning och fler sittplatser.",
    "Andra förslag kräver ytterligare utredning och kommer att prövas i budgetarbetet för {year1}.",
    "Några förslag har inte kunnat genomföras, främst av ekonomiska eller juridiska skäl.",
    "Vi vill tacka alla som har deltagit och delat med sig av sina erfarenheter och idéer.",
    "Du kan läsa protokollet från sammanträdet i [kommunens diarium]({web}/diarium/{case_url}).",
    "Deltagarna har fått återkoppling via mejl och vid ett avslutande möte i {venue}.",
    "Dialogen har också utvärderats, och lärdomarna tas med i kommunens fortsatta arbete med medborgardialog.",
]
AREA_P = [
    "{area} ligger ungefär fem kilometer från centrum och har goda förbindelser med buss.",
    "Den äldsta bebyggelsen i {area} är från slutet av 1800-talet, då området växte fram kring sågverket.",
    "Under miljonprogramsåren byggdes ett stort antal lägenheter i området.",
    "I dag bor drygt {n}00 personer i {area}, och medelåldern är något lägre än i kommunen som helhet.",
    "Här finns två förskolor, en F–6-skola, en vårdcentral och en mindre livsmedelsbutik.",
    "Föreningslivet är aktivt, med bland annat en idrottsförening, en hembygdsförening och en odlingsförening.",
    "Grönområdena runt {area} används flitigt för promenader, löpning och svampplockning.",
    "På vintern spolas en isbana vid skolan, och skidspåren i skogen är populära.",
    "Många pendlar till arbete i centrum eller i grannkommunerna.",
    "Området har en stark lokal identitet, och många engagerar sig i frågor som rör närmiljön.",
    "Trafiken på genomfartsvägen har ökat, vilket påverkar både buller och trafiksäkerhet.",
    "Det finns planer på nya bostäder i den norra delen av {area}.",
    "Under sommaren ordnas en marknad på torget, som lockar besökare från hela kommunen.",
    "Kyrkan och hembygdsgården är viktiga kulturmiljöer i området.",
    "Flera av flerbostadshusen har renoverats under de senaste åren.",
]
USE_P = [
    "Alla synpunkter som kommer in registreras och läses av handläggarna.",
    "Synpunkterna sorteras efter tema och vägs samman med andra underlag, till exempel utredningar och statistik.",
    "Det är viktigt att komma ihåg att en medborgardialog inte är en omröstning.",
    "Det är de förtroendevalda som i slutändan fattar beslut och som ansvarar för helheten.",
    "Dina personuppgifter hanteras enligt dataskyddsförordningen och sparas inte längre än nödvändigt.",
    "Om du lämnar synpunkter skriftligt kan de bli allmänna handlingar.",
    "Förvaltningen redovisar vilka synpunkter som har påverkat förslaget och på vilket sätt.",
    "Synpunkter som rör andra frågor än dialogens skickas vidare till rätt förvaltning.",
    "Dialogen följs upp med en utvärdering där deltagarna får tycka till om själva processen.",
    "Kommunens riktlinjer för medborgardialog beskriver hur arbetet ska gå till och vilka krav som gäller.",
    "Barn och unga som deltar får anpassad information om vad som händer med deras synpunkter.",
    "Om något är oklart är du alltid välkommen att kontakta oss.",
]
CONTACT_P = [
    "Har du frågor om dialogen? Kontakta {cname}, {role}, på [{email}](mailto:{email}) eller via kommunens kontaktcenter på telefon 0123-45 67 89.",
    "Du är också välkommen att besöka [kommunens sida om medborgardialog]({web}/medborgardialog) för att läsa mer om hur kommunen arbetar med delaktighet.",
]

TRANS = str.maketrans({"å": "a", "ä": "a", "ö": "o", "Å": "a", "Ä": "a", "Ö": "o",
                       "é": "e", "É": "e", "ü": "u", "–": "-"})


def slugify(s):
    s = s.lower().translate(TRANS)
    out, dash = [], False
    for ch in s:
        if ch.isascii() and ch.isalnum():
            out.append(ch)
            dash = False
        elif not dash:
            out.append("-")
            dash = True
    return "".join(out).strip("-")


def date_sv(d):
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def yq(s):
    """YAML double-quoted scalar."""
    return '"' + str(s).replace("\\", "\\\\").replace('"', '\\"') + '"'


def weighted(rng, pairs):
    return rng.choices([p[0] for p in pairs], weights=[p[1] for p in pairs])[0]


class Fmt(dict):
    def __missing__(self, k):
        raise KeyError(k)


def fill(s, ctx):
    return s.format_map(ctx)


def sentences(rng, bank, k, ctx):
    k = min(k, len(bank))
    return [fill(s, ctx) for s in rng.sample(bank, k)]


def emphasize(rng, text):
    """Occasionally wrap a word run in *...* or **...** (CommonMark emphasis)."""
    if rng.random() < 0.35:
        words = text.split(" ")
        if len(words) > 6:
            i = rng.randrange(1, len(words) - 3)
            j = i + rng.randint(1, 3)
            mark = "**" if rng.random() < 0.4 else "*"
            seg = " ".join(words[i:j]).rstrip(",.;:?")
            if any(c in seg for c in "[]()*_`<>.?!;:") or not seg:
                return text
            tail = " ".join(words[i:j])[len(seg):]
            words[i:j] = [f"{mark}{seg}{mark}{tail}"]
            return " ".join(words)
    return text


def paragraph(rng, bank, ctx, lo=3, hi=5, used=None):
    pool = [s for s in bank if used is None or s not in used]
    if len(pool) < lo:
        pool = list(bank)
    picked = rng.sample(pool, min(rng.randint(lo, hi), len(pool)))
    if used is not None:
        used.update(picked)
    return emphasize(rng, " ".join(fill(s, ctx) for s in picked))


def word_count(text):
    return len(text.split())


def make_page(rng, idx, taken_slugs, prev_pages):
    topic = rng.choice(TOPICS)
    title_pat, theme_pat, boards, tags, specific = topic
    area = rng.choice(AREA_PRE) + rng.choice(AREA_SUF)
    water = rng.choice(WATERS)
    status = weighted(rng, STATUSES)
    level = weighted(rng, LEVELS)

    if status == "planerad":
        start = REF_DATE + dt.timedelta(days=rng.randint(10, 240))
        end = start + dt.timedelta(days=rng.randint(14, 120))
    elif status == "pågående":
        start = REF_DATE - dt.timedelta(days=rng.randint(1, 90))
        end = REF_DATE + dt.timedelta(days=rng.randint(7, 120))
    else:
        end = REF_DATE - dt.timedelta(days=rng.randint(10, 2200))
        start = end - dt.timedelta(days=rng.randint(14, 150))
    year = start.year

    base = {"area": area, "water": water, "year": year, "year20": year + 20}
    title = title_pat.format(**base)
    slug = slugify(title)
    if slug in taken_slugs:
        n = 2
        while f"{slug}-etapp-{n}" in taken_slugs:
            n += 1
        title = f"{title} – etapp {n}"
        slug = f"{slug}-etapp-{n}"
    taken_slugs.add(slug)

    abbr = rng.choice(boards)
    board = BOARDS[abbr]
    case_number = f"{abbr} {year - rng.randint(0, 1)}/{rng.randint(12, 2400)}"
    theme = theme_pat.format(**base)
    first, last = rng.choice(FIRST), rng.choice(LAST)
    cname = f"{first} {last}"
    email = f"{slugify(first)}.{slugify(last)}@exempelkommun.example"
    groups = [g.format(area=area) for g in rng.sample(GROUPS, rng.randint(2, 4))]
    methods = rng.sample(METHODS, rng.randint(1, 4))
    methods.sort(key=METHODS.index)
    if status == "planerad":
        participants = 0
    elif status == "pågående":
        participants = rng.randint(5, 600)
    else:
        participants = rng.randint(20, 2500)
    page_tags = sorted(set(rng.sample(tags, rng.randint(1, len(tags))) + ["medborgardialog"]))
    venue = rng.choice(VENUES).format(area=area)
    span = max((end - start).days, 3)
    d1 = start + dt.timedelta(days=rng.randint(1, span - 1))
    d2 = start + dt.timedelta(days=rng.randint(1, span - 1))
    d3 = start + dt.timedelta(days=rng.randint(1, span - 1))
    decided = start - dt.timedelta(days=rng.randint(30, 200))
    fb = end + dt.timedelta(days=rng.randint(30, 120))
    dec = end + dt.timedelta(days=rng.randint(45, 200))
    season = ["vintern", "vintern", "våren", "våren", "våren", "sommaren", "sommaren",
              "sommaren", "hösten", "hösten", "hösten", "vintern"][dec.month - 1]
    ctx = Fmt(area=area, water=water, year=year, year0=year - rng.randint(3, 8),
              year1=year + 1, theme=theme, board=board, board_l=board[0].lower() + board[1:],
              Kommunen="Kommunen", start_sv=date_sv(start), end_sv=date_sv(end),
              decided_sv=date_sv(decided), fb_sv=date_sv(fb), d1_sv=date_sv(d1),
              d2_sv=date_sv(d2), d3_sv=date_sv(d3), dec_season=season, dec_year=dec.year,
              pct=rng.randint(8, 35), participants=participants,
              pct_young=rng.randint(10, 45), answers=int(participants * rng.uniform(0.6, 0.9)),
              meet=int(participants * rng.uniform(0.1, 0.4)), web=WEB, slug=slug,
              venue=venue, cname=cname, role=rng.choice(ROLES), email=email,
              case_url=case_number.replace(" ", "-").replace("/", "-"),
              n=rng.randint(40, 900))
    summary = fill(rng.choice(INTRO), ctx)
    purpose = " ".join([fill(rng.choice(PURPOSE), ctx), fill(rng.choice(PURPOSE2), ctx)])

    target_words = rng.randint(600, 1500)
    used = set()
    spec = [fill(s, ctx) for s in specific]

    head = []  # sections before the optional filler
    head.append(emphasize(rng, " ".join([summary] + sentences(rng, INTRO2, 2, ctx))))
    bg = [paragraph(rng, BACKGROUND, ctx, 3, 5, used),
          " ".join(rng.sample(spec, min(len(spec), rng.randint(2, 4)))),
          ]
    syfte = [purpose, "Vi vill särskilt veta:",
             "\n".join("- " + fill(q, ctx) for q in rng.sample(QUESTIONS, rng.randint(3, 5)))]
    delta = ["Det finns flera sätt att delta i dialogen. Välj det som passar dig bäst:",
             "\n".join("- " + fill(METHOD_TEXT[m], ctx) for m in methods)]
    tid = ["### Tidplan", "\n".join([
        f"1. {date_sv(decided)}: Beslut om att genomföra dialogen",
        f"2. {date_sv(start)}: Dialogen startar",
        f"3. {date_sv(end)}: Sista dag att lämna synpunkter",
        f"4. {date_sv(fb)}: Sammanställning och återkoppling",
        f"5. {season.capitalize()} {dec.year}: Beslut i {ctx['board_l']}",
    ])]
    vem = [f"Dialogen vänder sig i första hand till {', '.join(g[0].lower() + g[1:] for g in groups[:-1]) + ' och ' if len(groups) > 1 else ''}{groups[-1][0].lower() + groups[-1][1:]}. Alla är dock välkomna att delta.",
           "### Delaktighetsnivå", fill(LEVEL_TEXT[level], ctx)]
    if status == "avslutad":
        tail = ["## Resultat", paragraph(rng, RESULT_P, ctx, 3, 4),
                "\n".join("- " + fill(f, ctx) for f in rng.sample(FINDINGS, rng.randint(3, 6))),
                "> " + rng.choice(QUOTES) + "\n>\n> – Deltagare vid " + rng.choice(["workshopen", "dialogmötet", "det öppna huset", "fokusgruppen"]),
                "## Återkoppling", paragraph(rng, FEEDBACK, ctx, 3, 5),
                ]
    else:
        tail = ["## Vad händer sedan?", paragraph(rng, NEXT, ctx, 3, 5)]
    if prev_pages and rng.random() < 0.5:
        o_slug, o_title = rng.choice(prev_pages)
        tail.append(f"Läs också om en tidigare dialog: [{o_title}](/dialoger/{o_slug}/).")
    kontakt = ["## Kontakt", fill(CONTACT_P[0], ctx) + " " + fill(CONTACT_P[1], ctx)]

    def assemble(extra_bg):
        parts = list(head)
        parts += ["## Bakgrund"] + bg + extra_bg
        parts += ["## Syfte och frågeställningar"] + syfte
        parts += ["## Så deltar du"] + delta + tid
        parts += ["## Vem kan delta?"] + vem
        parts += tail + kontakt
        return "\n\n".join(parts) + "\n"

    extra = []
    body = assemble(extra)
    guard = 0
    plan = [BACKGROUND, BACKGROUND, ("### Om " + area, AREA_P), AREA_P, BACKGROUND,
            ("### Så används dina synpunkter", USE_P), USE_P, AREA_P, BACKGROUND, USE_P]
    while word_count(body) < target_words and guard < 40:
        step = plan[guard % len(plan)]
        guard += 1
        if isinstance(step, tuple):
            extra.append(step[0])
            step = step[1]
        extra.append(paragraph(rng, step, ctx, 3, 5, used))
        body = assemble(extra)

    if FORMAT == "trappa":
        fm = [
            "---",
            f"title: {yq(title)}",
            f"summary: {yq(summary)}",
            f"level: {level}",
            f"status: {status}",
            f"purpose: {yq(purpose)}",
            f"responsible: {yq(board)}",
            f"contact: {{ name: {yq(cname)}, email: {email} }}",
            f"case_numbers: [ {yq(case_number)} ]",
            f"start: {start.isoformat()}",
            f"end: {end.isoformat()}",
            f"areas: [ {yq(area)} ]",
            "themes:",
            *[f"  - {yq(t)}" for t in page_tags],
            "target_groups:",
            *[f"  - {yq(g)}" for g in groups],
            "methods:",
            *[f"  - {yq(m)}" for m in methods],
            f"participants: {participants}",
            "---",
            "",
        ]
        return slug, title, "\n".join(fm) + body

    fm = [
        "---",
        f"title: {yq(title)}",
        f"slug: {slug}",
        f"status: {status}",
        f"level: {level}",
        f"summary: {yq(summary)}",
        f"purpose: {yq(purpose)}",
        f"responsible: {yq(board)}",
        f"case_number: {yq(case_number)}",
        f"area: {yq(area)}",
        f"start: {start.isoformat()}",
        f"end: {end.isoformat()}",
        "target_groups:",
        *[f"  - {yq(g)}" for g in groups],
        "methods:",
        *[f"  - {m}" for m in methods],
        f"participants: {participants}",
        "contact:",
        f"  name: {yq(cname)}",
        f"  email: {email}",
        "tags:",
        *[f"  - {t}" for t in page_tags],
        "---",
        "",
    ]
    return slug, title, "\n".join(fm) + body


def git(repo, *args, env=None):
    subprocess.run(["git", "-C", repo, *args], check=True, env=env,
                   stdout=subprocess.DEVNULL)


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("--pages", type=int, required=True)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--no-pack", action="store_true", help="leave git objects loose")
    ap.add_argument("--force", action="store_true", help="remove OUT_DIR if it exists")
    ap.add_argument("--format", choices=["generic", "trappa"], default="generic",
                    help="generic: front matter for the peers' adapters (config.yaml at the root); "
                         "trappa: Trappa's content format (content/site.yaml, list fields)")
    ap.add_argument("out_dir")
    a = ap.parse_args()
    global FORMAT
    FORMAT = a.format

    out = a.out_dir
    if os.path.exists(out) and os.listdir(out):
        if not a.force:
            sys.exit(f"gen-corpus: {out} exists and is not empty (use --force)")
        shutil.rmtree(out)
    ddir = os.path.join(out, "content", "dialoger")
    os.makedirs(ddir, exist_ok=True)

    rng = random.Random(f"medborgardialog-{GEN_VERSION}-{a.seed}")
    taken, prev = set(), []
    words = 0
    for i in range(a.pages):
        slug, title, text = make_page(rng, i, taken, prev[-200:])
        prev.append((slug, title))
        words += word_count(text)
        with open(os.path.join(ddir, slug + ".md"), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
    if FORMAT == "trappa":
        with open(os.path.join(out, "content", "site.yaml"), "w", encoding="utf-8", newline="\n") as f:
            f.write(f"title: {yq('Medborgardialoger i Exempelkommun')}\n"
                    "municipality: Exempelkommun\n"
                    f"base_url: {yq(BASE_URL)}\n"
                    "language: sv\n"
                    "timezone: Europe/Stockholm\n"
                    "contact: { email: dialog@exempelkommun.example }\n")
    with open(os.path.join(out, "config.yaml"), "w", encoding="utf-8", newline="\n") as f:
        f.write("# Webbplatsens inställningar\n"
                f"title: {yq('Medborgardialoger i Exempelkommun')}\n"
                f"description: {yq('Här hittar du alla medborgardialoger – planerade, pågående och avslutade – och hur du kan påverka.')}\n"
                f"base_url: {yq(BASE_URL)}\n"
                "language: sv\n"
                f"author: {yq('Exempelkommun, Kommunledningsförvaltningen')}\n")

    env = dict(os.environ)
    env.update({
        "GIT_AUTHOR_NAME": "Korpusgeneratorn", "GIT_AUTHOR_EMAIL": "korpus@exempelkommun.example",
        "GIT_COMMITTER_NAME": "Korpusgeneratorn", "GIT_COMMITTER_EMAIL": "korpus@exempelkommun.example",
        "GIT_AUTHOR_DATE": "2025-06-01T12:00:00+0200", "GIT_COMMITTER_DATE": "2025-06-01T12:00:00+0200",
        "GIT_CONFIG_NOSYSTEM": "1", "GIT_CONFIG_GLOBAL": os.devnull,
    })
    git(out, "-c", "init.defaultBranch=main", "init", "-q", env=env)
    git(out, "-c", "core.autocrlf=false", "add", "-A", env=env)
    git(out, "-c", "commit.gpgsign=false", "commit", "-q", "-m",
        f"Korpus: {a.pages} medborgardialoger (seed {a.seed}, generator v{GEN_VERSION})", env=env)
    if not a.no_pack:
        git(out, "repack", "-a", "-d", "-q", env=env)
        git(out, "prune", env=env)
        pack_dir = os.path.join(out, ".git", "objects", "pack")
        for name in os.listdir(pack_dir):  # stray temp files git sometimes leaves
            if name.startswith("tmp_"):
                os.remove(os.path.join(pack_dir, name))
    head = subprocess.run(["git", "-C", out, "rev-parse", "HEAD"], check=True,
                          capture_output=True, text=True).stdout.strip()
    print(f"gen-corpus: {a.pages} pages, {words} words total "
          f"({words // max(a.pages, 1)} avg incl. front matter), commit {head}", file=sys.stderr)


if __name__ == "__main__":
    main()
