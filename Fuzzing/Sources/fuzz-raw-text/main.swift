import FuzzSupport

FuzzingDriver.run(fuzz)
