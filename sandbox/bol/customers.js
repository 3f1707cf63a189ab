"use strict"

/**
 * Made-up Dutch customers for orders: bol scrambles buyer e-mail addresses
 * to `<random>@verkopen.bol.com`.
 */

const { pick, randomString } = require("./util")

const FIRST = [
  ["Hans", "MALE"],
  ["Pieter", "MALE"],
  ["Jan", "MALE"],
  ["Daan", "MALE"],
  ["Sem", "MALE"],
  ["Anna", "FEMALE"],
  ["Emma", "FEMALE"],
  ["Sanne", "FEMALE"],
  ["Fleur", "FEMALE"],
  ["Lotte", "FEMALE"],
]
const SURNAMES = ["de Vries", "Jansen", "van den Berg", "Bakker", "Visser", "Smit", "de Boer", "Mulder", "Bos", "Post"]
const STREETS = ["Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsweg", "Schoolstraat", "Julianalaan", "Marktplein"]
const CITIES = ["UTRECHT", "AMSTERDAM", "ROTTERDAM", "EINDHOVEN", "GRONINGEN", "ZWOLLE", "LEIDEN", "DEVENTER"]

/**
 * Shipment and billing details of one made-up buyer.
 * @param {() => number} rng
 */
function fakeCustomer(rng) {
  const [firstName, salutation] = pick(rng, FIRST)
  const address = {
    salutation,
    firstName,
    surname: pick(rng, SURNAMES),
    streetName: pick(rng, STREETS),
    houseNumber: String(1 + Math.floor(rng() * 250)),
    zipCode: `${1000 + Math.floor(rng() * 9000)}${randomString(rng, 2, "ABCDEFGHJKLMNPRSTVWXZ")}`,
    city: pick(rng, CITIES),
    countryCode: "NL",
  }
  const email = `${randomString(rng, 30, "abcdefghijklmnopqrstuvwxyz0123456789")}@verkopen.bol.com`
  return {
    shipmentDetails: { ...address, email, language: "nl" },
    billingDetails: { ...address, email },
  }
}

module.exports = { fakeCustomer }
