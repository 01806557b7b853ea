"""Files → parsed documents: which files are content, their front matter split off and read as
YAML with the line and column of every value. Nothing here knows what a goal is.
"""
