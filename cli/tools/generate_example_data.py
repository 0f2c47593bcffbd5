#!/usr/bin/env python3
"""Writes the sample data of `sluice example` (cli/src/main/resources/examples/*.csv).

Deterministic: a fixed linear congruential generator, so running it again gives the same files.
Usage: python3 cli/tools/generate_example_data.py
"""
import os

OUT = os.path.join(os.path.dirname(__file__), "..", "src", "main", "resources", "examples")

state = 20240601


def rand(n):
    global state
    state = (state * 1103515245 + 12345) % (2 ** 31)
    # the low bits of this generator repeat with a short period: use the high ones
    return (state >> 16) % n


FIRST = ["Ada", "Alan", "Grace", "Edsger", "Barbara", "Donald", "Frances", "John", "Margaret", "Niklaus",
         "Radia", "Ken", "Dennis", "Leslie", "Shafi", "Tim"]
LAST = ["Lovelace", "Turing", "Hopper", "Dijkstra", "Liskov", "Knuth", "Allen", "Backus", "Hamilton", "Wirth",
        "Perlman", "Thompson", "Ritchie", "Lamport", "Goldwasser", "Berners-Lee"]
COUNTRIES = ["DE", "FR", "GB", "US", "JP", "BR", "IN", "NL"]
PRODUCTS = [("kettle", "29.90"), ("teapot", "18.50"), ("mug", "7.25"), ("grinder", "64.00"), ("scale", "22.75"),
            ("filter", "3.10"), ("beans", "12.40"), ("tray", "15.00")]

os.makedirs(OUT, exist_ok=True)
with open(os.path.join(OUT, "customers.csv"), "w", newline="\n") as f:
    f.write("id,name,country,signup_date\n")
    for i in range(1, 61):
        name = FIRST[rand(len(FIRST))] + " " + LAST[rand(len(LAST))]
        f.write("%d,%s,%s,2023-%02d-%02d\n" % (i, name, COUNTRIES[rand(len(COUNTRIES))], 1 + rand(12), 1 + rand(28)))

with open(os.path.join(OUT, "sales.csv"), "w", newline="\n") as f:
    f.write("id,customer_id,product,quantity,unit_price,sold_at\n")
    for i in range(1, 401):
        product, price = PRODUCTS[rand(len(PRODUCTS))]
        f.write("%d,%d,%s,%d,%s,2024-%02d-%02d %02d:%02d:%02d\n" % (
            i, 1 + rand(60), product, 1 + rand(9), price, 1 + rand(6), 1 + rand(28), rand(24), rand(60), rand(60)))
