from search.query.paragraphs import PARAGRAPH_CHARS, split_paragraphs


def test_source_breaks_are_kept_and_blank_lines_dropped():
    assert split_paragraphs("First line.\n\n  \nSecond line.\n") == ["First line.", "Second line."]


def test_a_wall_of_text_is_cut_at_sentence_ends_only():
    sentence = "Le ministre M. Dupont a rencontré les élus de la région hier soir à Lyon. "
    wall = sentence * 40
    parts = split_paragraphs(wall)
    assert len(parts) > 3 and " ".join(parts) == wall.strip()
    assert all(part.endswith("Lyon.") for part in parts)
    assert all(len(part) <= 2 * PARAGRAPH_CHARS for part in parts)


def test_no_cut_after_an_abbreviation_or_an_initial():
    text = ("x" * (PARAGRAPH_CHARS // 2)) + " selon M. Martin et J. Smith, le projet avance. " + "Suite " * 150
    parts = split_paragraphs(text)
    assert not any(part.endswith(("M.", "J.")) for part in parts)
