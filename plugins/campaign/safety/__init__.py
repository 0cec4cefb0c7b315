"""Do-no-harm primitives, independent of everything else in the engine.

HTML sanitising (nh3), personal-data detection (phonenumbers and patterns), image
re-encoding without metadata (Pillow), Content-Security-Policy hashes and
small-count suppression. Imports nothing from the other layers.
"""
