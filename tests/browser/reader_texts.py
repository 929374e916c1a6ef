"""Texts a reader might paste, shared by the browser tests."""

# A nonsense poem in plain English: no q, x or z, and punctuation to be normalised away.
OWL_AND_PUSSYCAT = """The Owl and the Pussy-cat went to sea
In a beautiful pea-green boat,
They took some honey, and plenty of money,
Wrapped up in a five-pound note.
The Owl looked up to the stars above,
And sang to a small guitar,
"O lovely Pussy! O Pussy, my love,
What a beautiful Pussy you are!"
""" * 3
