import FuzzSupport

FuzzingDriver.run(fuzz, seeds: ModelFileSeeds.write(into:))
