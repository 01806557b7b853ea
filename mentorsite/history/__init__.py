"""The model's git history: one ``git log`` and one ``git cat-file --batch`` read every revision
(cached), and what each change meant: targets moved, pivots, review sessions and sign-offs.
"""
