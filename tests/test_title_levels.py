"""Seniority read from real job titles, in the languages of kamgraph's users.

The titles come from public sources: the organisation charts and management
pages of UK, Scottish, New Zealand and Australian councils (Thurrock, West
Berkshire, Stirling, Bromley, New Forest, Charters Towers), Swedish agencies'
management groups (Havs- och vattenmyndigheten, Statens fastighetsverk) and
Swedish municipal titles, the Sonora state government's organisation-chart
guide and Spanish/Latin-American company charts, Indonesian company structure
guides (Direksi, Komisaris, Kepala Divisi …) and Indonesian regional
government posts, German federal and municipal organigrams (Bundeskartellamt,
Lübeck) and company titles, French and Dutch public-sector and company titles,
Brazilian company titles, and English occupation lists used by CRM and HR
tools. Where a source gives a title in a fixed form (capitals, hyphens,
abbreviations) it is kept as written.
"""

from __future__ import annotations

import pytest

from kamgraph.analysis.seniority import read_title

E, D, M, S = "executive", "director", "manager", "staff"

TITLES = [
    # English: company titles and CRM occupation lists
    ("CEO", E), ("Chief Executive Officer", E), ("Chief Executive Officer (CEO)", E), ("CFO", E),
    ("Chief Financial Officer", E), ("COO", E), ("Chief Operating Officer", E), ("CTO", E),
    ("Chief Technology Officer", E), ("CIO", E), ("Chief Information Officer", E), ("CMO", E),
    ("Chief Marketing Officer", E), ("CxO", E), ("Chief Human Resources Officer", E),
    ("Chief Procurement Officer", E), ("Chief Revenue Officer", E), ("Chief Information Security Officer", E),
    ("President", E), ("President & CEO", E), ("President and Chief Executive Officer", E),
    ("Managing Director", E), ("General Manager", E), ("Executive Vice President", E), ("EVP, Operations", E),
    ("Senior Vice President", E), ("SVP Sales", E), ("SVP, Global Supply Chain", E), ("Vice President", E),
    ("VP, Facilities", E), ("VP of Product", E), ("VP Marketing", E), ("Regional Vice President", E),
    ("Chairman of the Board", E), ("Founder", E), ("Co-Founder & CTO", E), ("Owner", E),
    ("Country Manager", E), ("Non-Executive Director", E), ("Board Member", E),
    ("Assistant Vice President", D), ("AVP, Claims", D), ("Associate Vice President", D),
    ("Director", D), ("Account Director", D), ("Administrative Director", D), ("Admissions Director", D),
    ("Director of Procurement", D), ("IT Director", D), ("Finance Director", D), ("Strategy Director", D),
    ("Research Director", D), ("Insights Director", D), ("Senior Director, Engineering", D),
    ("Associate Director", D), ("Head of Operations", D), ("Head of Procurement", D), ("Head of IT", D),
    ("Chief of Staff", D), ("Assistant General Manager", D),
    ("Senior Manager", M), ("Accounting Manager", M), ("Account Manager", M), ("Actuarial Manager", M),
    ("Administrative Services Manager", M), ("Area Manager", M), ("Assistant Manager", M),
    ("Assistant Store Manager", M), ("Store Manager", M), ("Category Manager", M), ("Purchasing Manager", M),
    ("Procurement Manager", M), ("Project Manager", M), ("Office Manager", M), ("Team Lead", M),
    ("Innovation Lead", M), ("Account Supervisor", M), ("Administrative Support Supervisor", M),
    ("Shift Supervisor", M), ("Team Leader", M),
    ("Account Coordinator", S), ("Account Management Coordinator", S), ("Account Executive", S),
    ("Sales Executive", S), ("Account Representative", S), ("Account Specialist", S), ("Accountant", S),
    ("Accounting Clerk", S), ("Actuarial Analyst", S), ("Actuarial Assistant", S), ("Administrative Assistant", S),
    ("Administrative Coordinator", S), ("Administrative Specialist", S), ("Administrator", S),
    ("Advertising Assistant", S), ("Advertising Consultant", S), ("Demand Planner", S), ("Supply Planner", S),
    ("Buyer", S), ("Senior Buyer", S), ("Procurement Analyst", S), ("Financial Analyst", S),
    ("Executive Assistant to the CEO", S), ("Personal Assistant to the Managing Director", S),
    ("Software Engineer", S), ("Procurement Officer", S),
    # English: public-sector organisation charts
    ("Chief Executive", E), ("Interim Chief Executive Officer", E), ("Deputy Chief Executive", E),
    ("Depute Chief Executive", E), ("Head of Paid Service", E), ("Executive Director of Resources", E),
    ("Executive Director – Place", E), ("Corporate Director, Children's Services", E),
    ("Strategic Director of Adults and Health", E), ("Chief Officer", E),
    ("Executive Head of Operations", E), ("Assistant Director, Highways", D), ("Director, Corporate Services", D),
    ("Director of Public Health", D), ("Head of Service", D), ("Head of Revenues and Benefits", D),
    ("Service Manager", M), ("Team Manager, Children in Care", M), ("Senior Practitioner", S),
    ("Planning Officer", S), ("Environmental Health Officer", S), ("Business Support Officer", S),
    ("Customer Services Advisor", S), ("Housing Assistant", S),
    # Swedish
    ("VD", E), ("Vice VD", E), ("Verkställande direktör", E), ("Koncernchef", E), ("Generaldirektör", E),
    ("Biträdande generaldirektör", E), ("Överdirektör", E), ("Kommundirektör", E), ("Stadsdirektör", E),
    ("Regiondirektör", E), ("Styrelseledamot", E), ("Ekonomidirektör", D), ("HR-direktör", D),
    ("Försäljningsdirektör", D), ("Kommunikationsdirektör", D), ("Stabsdirektör", D), ("Avdelningschef", D),
    ("Förvaltningschef", D), ("Inköpschef", M), ("Ekonomichef", M), ("IT-chef", M), ("Personalchef", M),
    ("Kommunikationschef", M), ("Rättschef", M), ("Enhetschef", M), ("Sektionschef", M), ("Gruppchef", M),
    ("Butikschef", M), ("Arbetsledare", M), ("Teamledare", M), ("Samordnare", S), ("Handläggare", S),
    ("Utredare", S), ("Inköpare", S), ("Controller", S), ("Redovisningsekonom", S), ("Analytiker", S),
    ("Planerare", S), ("Assistent", S), ("Specialist", S),
    # Indonesian
    ("Direktur Utama", E), ("Presiden Direktur", E), ("Wakil Direktur Utama", E), ("Komisaris Utama", E),
    ("Komisaris", E), ("Direktur Jenderal", E), ("Sekretaris Daerah", E), ("General Manager", E),
    ("Direktur", D), ("Direktur Keuangan", D), ("Direktur Operasional", D), ("Direktur Pemasaran", D),
    ("Direktur Personalia", D), ("Wakil Direktur", D), ("Kepala Divisi Pengadaan", D), ("Kepala Dinas", D),
    ("Sekretaris Perusahaan", D), ("Manajer Keuangan", M), ("Manajer Pemasaran", M), ("Kepala Bagian Umum", M),
    ("Kepala Cabang", M), ("Asisten Manajer", M), ("Kepala Seksi", M), ("Supervisor Produksi", M),
    ("Staf Administrasi", S), ("Staf Pengadaan", S), ("Analis Keuangan", S), ("Asisten Direktur", S),
    ("Koordinator Lapangan", S), ("Teknisi", S),
    # German
    ("Geschäftsführer", E), ("Geschäftsführerin", E), ("Kaufmännischer Geschäftsführer", E),
    ("Vorstandsvorsitzender", E), ("Vorstand Finanzen", E), ("Finanzvorstand", E),
    ("Mitglied der Geschäftsleitung", E), ("Präsident", E), ("Vizepräsident", E), ("Bereichsleiter Einkauf", D),
    ("Bereichsleitung", D), ("Direktor", D), ("Direktorin Vertrieb", D), ("Abteilungsleiter", M),
    ("Abteilungsleitung", M), ("Leiter Einkauf", M), ("Leiterin Personal", M), ("Einkaufsleiter", M),
    ("Teamleiter", M), ("Referatsleiter", M), ("Sachgebietsleitung", M), ("Filialleiter", M), ("Prokurist", M),
    ("Sachbearbeiter", S), ("Sachbearbeiterin Einkauf", S), ("Referentin", S), ("Einkäufer", S),
    ("Disponent", S), ("Assistenz der Geschäftsführung", S), ("Industriekaufmann", S),
    # Spanish
    ("Director General", E), ("Directora General", E), ("Director General de Desarrollo Administrativo", E),
    ("Consejero Delegado", E), ("Presidente", E), ("Vicepresidente", E), ("Gerente General", E),
    ("Director Ejecutivo", E), ("Secretario General", E), ("Director de Mejora Operativa", D),
    ("Director Comercial", D), ("Directora de Compras", D), ("Director Financiero", D), ("Subdirector", D),
    ("Subdirectora de Recursos Humanos", D), ("Gerente", M), ("Gerente de Compras", M),
    ("Gerente Comercial", M), ("Subgerente", M), ("Jefe de Compras", M),
    ("Jefe de Departamento de Manuales Administrativos", M), ("Jefa de Ventas", M), ("Responsable de Compras", M),
    ("Encargado de Almacén", M), ("Supervisora de Ventas", M), ("Coordinador de Logística", S),
    ("Analista de Manuales", S), ("Analista de Compras", S), ("Planificador de Producción", S),
    ("Planificadora de Demanda", S), ("Asistente de Compras", S), ("Asistente de Dirección", S),
    ("Auxiliar Administrativo", S), ("Comprador", S), ("Ejecutivo de Cuentas", S), ("Técnico de Compras", S),
    ("Especialista en Adquisiciones", S),
    # Portuguese (Brazil and Portugal)
    ("Diretor-Presidente", E), ("Diretor Executivo", E), ("Diretor Geral", E), ("Presidente do Conselho", E),
    ("Vice-Presidente", E), ("Gerente Geral", E), ("Diretor", D), ("Diretora Financeira", D),
    ("Diretor de Suprimentos", D), ("Superintendente", D), ("Gerente de Suprimentos", M), ("Gerente de Compras", M),
    ("Chefe de Departamento", M), ("Supervisor de Produção", M), ("Coordenador de Compras", S),
    ("Coordenadora de TI", S), ("Analista de Compras Sênior", S), ("Assistente Administrativo", S),
    ("Comprador Técnico", S), ("Auxiliar de Escritório", S),
    # French
    ("Président-directeur général", E), ("PDG", E), ("Directeur général", E), ("Directrice générale", E),
    ("Directeur général adjoint", E), ("Directeur général délégué", E), ("Secrétaire général", E),
    ("Directeur", D), ("Directrice des achats", D), ("Directeur financier", D), ("Directeur des systèmes d'information", D),
    ("Directeur adjoint", D), ("Sous-directeur", D), ("Responsable des achats", M), ("Chef de projet", M),
    ("Chef de service", M), ("Chef de rayon", M), ("Acheteur", S), ("Acheteuse", S), ("Chargé de mission", S),
    ("Chargée de communication", S), ("Assistante de direction", S), ("Contrôleur de gestion", S),
    ("Gestionnaire administratif", S), ("Technicien de maintenance", S),
    # Dutch
    ("Algemeen directeur", E), ("Directeur-bestuurder", E), ("Bestuursvoorzitter", E),
    ("Voorzitter van de Raad van Bestuur", E), ("Secretaris-generaal", E), ("Directeur-generaal", E),
    ("Gemeentesecretaris", E), ("Directeur", D), ("Financieel directeur", D), ("Directeur Inkoop", D),
    ("Afdelingshoofd", D), ("Hoofd Inkoop", D), ("Manager Inkoop", M), ("Teamleider", M), ("Projectleider", M),
    ("Bedrijfsleider", M), ("Inkoper", S), ("Beleidsmedewerker", S), ("Medewerker Inkoop", S), ("Adviseur", S),
    ("Coördinator", S), ("Directiesecretaresse", S), ("Administratief medewerker", S),
]


def test_the_table_is_large_and_covers_every_language_and_level():
    assert len(TITLES) >= 200
    assert {level for _, level in TITLES} == {E, D, M, S}


@pytest.mark.parametrize(("title", "level"), TITLES, ids=[f"{t}->{lv}" for t, lv in TITLES])
def test_title_gives_its_level(title, level):
    found = read_title(title)
    assert found.level == level, f"{title!r} read as {found.level} by rule {found.rule!r}"
    assert found.source == "title" and found.rule


@pytest.mark.parametrize("title", ["", "   ", "Senatorin", "Mr", "—", "12345"])
def test_a_title_no_rule_knows_is_unknown(title):
    found = read_title(title)
    assert (found.level, found.source, found.rule) == (None, "unknown", None)
