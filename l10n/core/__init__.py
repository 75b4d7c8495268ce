"""What every stage shares: typed records, language profiles, morphology, spelling, number words,
linear-time patterns and the project settings.  Nothing here imports a stage or anything above.
"""
