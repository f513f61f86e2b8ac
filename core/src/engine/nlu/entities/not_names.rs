//! Words that follow "soy", "I'm" or "sou" in capitals without being a name:
//! nationalities and how the guest is ("I'm Late", "Soy Argentina").

/// Whether the folded word after a weak introducer is not a name.
pub fn is_not_a_name(word: &str) -> bool {
    matches!(
        word,
        // en: states
        "ok" | "okay" | "fine" | "good" | "great" | "late" | "early" | "sorry" | "sure"
            | "ready" | "done" | "back" | "new" | "happy" | "glad" | "tired" | "lost"
            | "single" | "married" | "alone" | "vegan" | "vegetarian" | "allergic"
            | "staying" | "arriving" | "traveling" | "travelling" | "coming" | "writing"
            | "calling" | "trying" | "still" | "also" | "just" | "so" | "very" | "really"
            | "today" | "tonight" | "tomorrow" | "next" | "this" | "hoy" | "manana" | "hoje"
            | "amanha"
            // en: nationalities
            | "argentine" | "argentinian" | "uruguayan" | "brazilian" | "chilean"
            | "paraguayan" | "peruvian" | "bolivian" | "colombian" | "mexican" | "spanish"
            | "american" | "canadian" | "german" | "french" | "italian" | "english"
            | "british" | "irish" | "scottish" | "australian" | "dutch" | "swiss"
            | "portuguese" | "venezuelan" | "ecuadorian" | "cuban" | "israeli" | "chinese"
            | "japanese" | "korean" | "indian" | "russian" | "polish" | "swedish"
            // es: estados
            | "nuevo" | "nueva" | "yo" | "cliente" | "huesped" | "soltero" | "soltera"
            | "casado" | "casada" | "vegano" | "vegana" | "vegetariano" | "vegetariana"
            | "alergico" | "alergica" | "celiaco" | "celiaca" | "socio" | "socia"
            | "menor" | "mayor" | "extranjero" | "extranjera"
            // es: nacionalidades
            | "argentino" | "argentina" | "uruguayo" | "uruguaya" | "chileno" | "chilena"
            | "paraguayo" | "paraguaya" | "peruano" | "peruana" | "boliviano" | "boliviana"
            | "colombiano" | "colombiana" | "mexicano" | "mexicana" | "espanol" | "espanola"
            | "brasileno" | "brasilena" | "venezolano" | "venezolana" | "ecuatoriano"
            | "ecuatoriana" | "cubano" | "cubana" | "americano" | "americana"
            | "estadounidense" | "canadiense" | "aleman" | "alemana" | "frances" | "francesa"
            | "italiano" | "italiana" | "ingles" | "inglesa" | "portugues" | "portuguesa"
            | "europeo" | "europea" | "porteno" | "portena" | "cordobes" | "cordobesa"
            | "rosarino" | "rosarina" | "mendocino" | "mendocina"
            // pt: estados e nacionalidades
            | "eu" | "novo" | "nova" | "hospede" | "brasileiro" | "brasileira"
            | "argentinos" | "carioca" | "paulista" | "gaucho" | "gaucha" | "mineiro"
            | "mineira" | "alemao" | "alema" | "americanos" | "uruguaio" | "uruguaia"
            | "portugueses"
    )
}
