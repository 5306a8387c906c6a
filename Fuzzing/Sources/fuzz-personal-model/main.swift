import FuzzSupport

FuzzingDriver.run(fuzz, seeds: PersonalModelSeeds.write(into:))
