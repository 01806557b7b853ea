"""HTML → the output folder: rendering on every core, writing a fresh folder and swapping it in,
and the build cache that tells what changed since the last build.
"""
