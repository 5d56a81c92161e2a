"""A fixed mix of English and French queries for the speed and load benchmarks."""

QUERIES = [
    # single words
    "election", "football", "oil", "internet", "music", "confinement", "gouvernement", "grève",
    "pétrole", "économie", "demining", "déminage",
    # two or three words
    "interest rates", "mobile phones", "world cup", "prime minister", "stock market",
    "élection présidentielle", "réforme des retraites", "police nationale", "prix du carburant",
    "Tony Blair election", "Chelsea Mutu",
    # phrases
    '"prime minister"', '"gilets jaunes"', '"Premier ministre"', '"chief executive"',
    # prefix, filters, operators
    "econom*", "télé*", "minist* AND budget", "football NOT Chelsea",
    # misspellings
    "elecion", "gouvernemnt", "footbal",
]
FILTERED = [("football", "fr"), ("confinement", "en"), ("election", "fr"), ("pétrole", "en")]
