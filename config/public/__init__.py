"""The public results page of each published year (issue 14): no sign-in, nothing but what is
final and meant for the public, cached until the year changes and rate-limited per address."""
