extension ModelFile {
    /// How many values the file stores: the elements of all its tensors (bounded by its size, since
    /// ``SafeTensors`` checks every tensor's shape against its bytes).
    public var storedValueCount: Int {
        tensors.names.reduce(0) { total, name in
            total + (tensors.shape(of: name) ?? []).reduce(1, *)
        }
    }

    /// Refuses the file unless it stores at least `parameters` values.
    ///
    /// A loader calls it with a lower bound of the parameters its configuration (metadata `key`)
    /// describes *before* building the model: a valid file stores every parameter, so a small file
    /// whose configuration names a huge model is refused here, instead of allocating gigabytes for
    /// it and only then finding the tensors missing.
    ///
    ///     try file.requireValues(atLeast: shape.minimumParameterCount, describedBy: "configuration")
    public func requireValues(atLeast parameters: Int, describedBy key: String) throws(ModelFileError) {
        let stored = storedValueCount
        guard stored >= parameters else {
            throw .invalidMetadata(source: source, key: key,
                                   problem: "describes a model of at least \(parameters) parameters, but the file stores \(stored) values")
        }
    }
}
