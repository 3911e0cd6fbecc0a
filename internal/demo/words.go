package demo

// Made-up but plausible Norwegian names, places and answers. None of it
// describes a real person.

var firstNames = []string{
	"Kari", "Ola", "Ingrid", "Lars", "Anne", "Per", "Marit", "Jon", "Liv", "Bjørn",
	"Sigrid", "Knut", "Hilde", "Arne", "Randi", "Tor", "Solveig", "Geir", "Astrid", "Terje",
	"Nora", "Emil", "Sofie", "Jakob", "Emma", "Filip", "Ida", "Mathias", "Thea", "Sander",
	"Maja", "Henrik", "Sara", "Magnus", "Julie", "Elias", "Ingeborg", "Kristian", "Tuva", "Eirik",
	"Aisha", "Ahmed", "Fatima", "Mohammed", "Amina", "Yusuf", "Leyla", "Ali", "Hawa", "Omar",
	"Agnieszka", "Tomasz", "Olena", "Andrii", "Marta", "Piotr", "Ieva", "Tesfaye", "Saba", "Dawit",
	"Linh", "Minh", "Siv", "Roar", "Torunn", "Vidar", "Gunn", "Øystein", "Åse", "Stig",
}

var lastNames = []string{
	"Hansen", "Johansen", "Olsen", "Larsen", "Andersen", "Pedersen", "Nilsen", "Kristiansen", "Jensen", "Karlsen",
	"Johnsen", "Pettersen", "Eriksen", "Berg", "Haugen", "Hagen", "Johannessen", "Andreassen", "Jacobsen", "Dahl",
	"Jørgensen", "Henriksen", "Lund", "Halvorsen", "Sørensen", "Jakobsen", "Moen", "Gundersen", "Iversen", "Strand",
	"Solberg", "Svendsen", "Eide", "Knutsen", "Martinsen", "Paulsen", "Bakken", "Kristoffersen", "Mathisen", "Lie",
	"Amundsen", "Nguyen", "Rasmussen", "Ali", "Lunde", "Solheim", "Berge", "Moe", "Nygård", "Bakke",
	"Kowalski", "Nowak", "Ahmed", "Hussein", "Mohamed", "Tesfay", "Kovalenko", "Petrauskas", "Tran", "Sæther",
	"Brekke", "Fjeld", "Myhre", "Aas", "Vik", "Holm", "Rønning", "Skoglund", "Tangen", "Ødegård",
}

var streets = []string{
	"Storgata", "Kirkegata", "Jernbanegata", "Rådhusgata", "Brugata", "Skolegata", "Parkveien", "Sagveien",
	"Granveien", "Bjørkeveien", "Furuveien", "Solbakken", "Elvegata", "Torget", "Langgata", "Nedre gate",
	"Øvre vei", "Hagaveien", "Strandveien", "Bekkeveien", "Løkkaveien", "Marka", "Fjellveien", "Åsveien",
	"Glommengata", "Vinger allé", "Festningsgata", "Markensvegen", "Holtveien", "Skyttervegen",
}

var workExperience = []string{
	"Jobbet i butikk i tre år, deretter på lager. Har vært uten arbeid siden 2023.",
	"Ekstrahjelp i barnehage i perioder. Lite fast arbeid de siste årene.",
	"Har jobbet som renholder og på kjøkken. Måtte slutte på grunn av helsa.",
	"Sjåfør i fem år, deretter sykmeldt og uten arbeid.",
	"Sesongarbeid i landbruket og noe vikararbeid gjennom byrå.",
	"Har ikke hatt lønnet arbeid i Norge ennå. Jobbet som sydame i hjemlandet.",
	"Praksisplass på verksted gjennom NAV i 2024. Ellers lite arbeidserfaring.",
	"Kassemedarbeider i dagligvare i to år, deretter lang pause med små barn.",
	"Bygg og anlegg i mange år, ryggskade i 2022.",
	"Har jobbet i kundeservice og på kafé, korte ansettelser.",
	"",
}

var triedBefore = []string{
	"Kurs i regi av NAV, arbeidstrening.",
	"Norskkurs og introduksjonsprogram.",
	"Jobbklubb og praksisplass i butikk.",
	"Har hatt oppfølging fra NAV og fastlegen.",
	"Arbeidsrettet rehabilitering i fire måneder.",
	"Ingenting ennå.",
	"",
}

var goals = []string{
	"Komme i fast jobb innen varehandel.",
	"Få fagbrev som helsefagarbeider.",
	"Bli bedre i norsk og få jobb på lager.",
	"Jobbe i barnehage eller skolefritidsordning.",
	"Komme tilbake i arbeid etter lang sykdom, gjerne deltid først.",
	"Ta førerkort klasse C og jobbe som sjåfør.",
	"Fullføre videregående skole og deretter få jobb.",
	"Jobbe med renhold eller på kjøkken i en fast stilling.",
	"Starte i lærlingplass som tømrer.",
	"Få en stabil hverdag og en jobb jeg klarer over tid.",
}

var supports = []string{
	"Oppfølging og hjelp med økonomi.",
	"Hjelp til å finne praksisplass.",
	"Norskopplæring og jobbsøking.",
	"Tett oppfølging i starten og hjelp med barnepass.",
	"Hjelp til å lage CV og øve på intervju.",
	"Noen å snakke med når det blir vanskelig.",
	"",
}

var incomeOther = []string{
	"Litt hjelp fra familien.",
	"Barnebidrag.",
	"Ekstravakter i perioder.",
	"Stipend fra Lånekassen tidligere.",
}

var conversationMessages = []string{
	"Jeg vil gjerne vite mer om kvalifiseringsprogrammet før jeg søker.",
	"Jeg lurer på om programmet passer for meg, jeg har små barn.",
	"Kan vi snakke om hva jeg må ha med av dokumentasjon?",
	"Jeg har vært syk lenge og vil høre hvilke muligheter jeg har.",
	"Jeg trenger tolk (arabisk).",
	"",
}

var docRequests = []struct{ documents, reason string }{
	{"Kontoutskrift for de tre siste månedene.", "Vi trenger den for å vurdere inntekten din."},
	{"Husleiekontrakt.", "Vi trenger den for å se hva boutgiftene dine er."},
	{"Legeerklæring om helsen din.", "Vi trenger den for å vurdere hva slags tiltak som passer for deg."},
	{"Siste lønnsslipp og arbeidsavtale.", "Vi trenger dem for å vurdere inntekten og arbeidssituasjonen din."},
	{"Vedtak om dagpenger eller arbeidsavklaringspenger, hvis du har det.", "Vi må vite om du har andre ytelser."},
	{"Bekreftelse på at du har fullført introduksjonsprogrammet.", "Vi trenger den for å vurdere om andre tiltak er prøvd."},
}

var interimReasons = []string{
	"Vi venter på opplysninger fra fastlegen din.",
	"Vi har mange søknader nå, og trenger mer tid til å vurdere din.",
	"Vi venter på dokumentasjonen vi har bedt deg om.",
	"Vi må ha en kartleggingssamtale med deg før vi kan avgjøre søknaden.",
	"Vi venter på svar fra en annen del av NAV.",
}

var grantFacts = []string{
	"Du er i yrkesaktiv alder og har vesentlig nedsatt arbeids- og inntektsevne. Du har over tid hatt svært begrensede ytelser til livsopphold.",
	"Du har lite arbeidserfaring og har fått økonomisk sosialhjelp det siste året. Vi har hatt kartleggingssamtale med deg.",
	"Du har vært uten arbeid i over to år og har prøvd andre tiltak uten å komme i arbeid.",
}

var grantConsiderations = []string{
	"Vi mener et tett og koordinert program med arbeidstrening og oppfølging vil gi deg bedre muligheter til å komme i arbeid.",
	"Programmet kombinerer norskopplæring og praksis, som vi mener er det du trenger for å komme i arbeid.",
	"Vi legger vekt på at du selv ønsker å delta, og at andre tiltak ikke har vært nok.",
}

var rejectFacts = []string{
	"Du har rett til dagpenger i perioden du søker for.",
	"Du er i arbeid i 80 prosent stilling.",
	"Du har fått arbeidsavklaringspenger, og tiltakene der er ikke prøvd ut.",
	"Vi har ikke fått dokumentasjonen vi ba om innen fristen.",
}

var rejectConsiderations = []string{
	"Vilkåret om at andre arbeidsrettede tiltak er vurdert er ikke oppfylt. Vi anbefaler oppfølging gjennom NAV-kontoret.",
	"Arbeids- og inntektsevnen din er ikke vesentlig nedsatt slik loven krever.",
	"Uten dokumentasjonen kan vi ikke se at vilkårene er oppfylt. Du kan søke på nytt.",
}

const decisionRules = "Lov om sosiale tjenester i arbeids- og velferdsforvaltningen §§ 29 til 35, og forskrift om kvalifiseringsprogram og kvalifiseringsstønad."

var appealChanges = []string{
	"Jeg ønsker at vedtaket omgjøres, slik at jeg får delta i kvalifiseringsprogrammet.",
	"Jeg mener jeg oppfyller vilkårene og ber om at søknaden behandles på nytt.",
	"Jeg ønsker en lengre programperiode enn det jeg fikk.",
}

var appealReasons = []string{
	"Jeg har ikke rett til dagpenger lenger, det stemmer ikke det som står i vedtaket.",
	"Jeg har prøvd andre tiltak før uten at det hjalp. Se vedlagt bekreftelse.",
	"Fastlegen min mener jeg trenger tett oppfølging, og det får jeg bare i programmet.",
	"Jeg sendte dokumentasjonen, men den kom visst ikke fram.",
}

var appealComments = []string{
	"Jeg er uenig i beskrivelsen av arbeidserfaringen min.",
	"Jeg har ingenting å legge til.",
	"Jeg ber om at Statsforvalteren ser på legeerklæringen på nytt.",
}

var closeNotes = []string{
	"Takk for samtalen. Du er velkommen til å søke når du er klar.",
	"Vi har sendt deg informasjon om søknaden på e-post.",
	"Du har fått tilbud om annen oppfølging fra kontoret.",
}
