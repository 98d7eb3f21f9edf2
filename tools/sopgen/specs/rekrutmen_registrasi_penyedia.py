"""SOP Rekruitment dan Registrasi Penyedia (Bagian PBJ Setda Kota Pagar Alam, 2024).

Source: /work/shared/seeds/002_928c96537b62e8d7.txt (eleventh SOP of the file; its table is
headed "Registrasi dan Verifikasi Penyedia Barang/Jasa"). The Pelaksana marks survived for
steps 1-5 and 9 only; see NOTES for the judgement calls.
"""
from tools.sopgen.model import Sop, Step, Decision, Branch, End, choice, text

PU = "Pelaku Usaha"
LPSE = "Subbag Pengelolaan LPSE"
VER = "Verifikator"

ATAS_NAMA = ("Pelaku Usaha tidak memakai Alur sendiri: langkah ini dicatat oleh petugas "
             "Subbag Pengelolaan LPSE atas nama Pelaku Usaha.")

SOP = Sop(
    process_id="rekrutmen_registrasi_penyedia",
    title="Rekruitment dan Registrasi Penyedia",
    pool="Bagian Pengadaan Barang dan Jasa Sekretariat Daerah Kota Pagar Alam",
    source="002_928c96537b62e8d7.txt",
    documentation="""\
SOP Rekruitment dan Registrasi Penyedia (tabel: Registrasi dan Verifikasi Penyedia Barang/Jasa).
Nomor SOP: 16 Tahun 2024. Pemerintah Kota Pagar Alam, Sekretariat Daerah, Bagian Pengadaan Barang dan Jasa.
Tanggal pembuatan: 17 Januari 2024; tanggal efektif: 17 Januari 2024. Disahkan oleh Pj. Sekretaris Daerah Kota Pagar Alam.
Langkah-langkah yang dilakukan penyedia untuk mendaftar akun SPSE dan verifikasinya oleh LPSE. Pencatatan: User ID dan Password tercatat dalam sistem LPSE.
Keterkaitan: SOP Pengarsipan Dokumen; SOP Pengelolaan Penyedia.
Dasar hukum (ringkas): UU 19/2016 tentang Perubahan atas UU 11/2008 tentang Informasi dan Transaksi Elektronik; PP 71/2019 tentang Penyelenggaraan Sistem dan Transaksi Elektronik; Perpres 12/2021 tentang Perubahan atas Perpres 16/2018 tentang Pengadaan Barang/Jasa Pemerintah; Permen PANRB 35/2012 tentang Pedoman Penyusunan SOP Administrasi Pemerintahan; Peraturan LKPP 4/2021 tentang Pembinaan Pelaku Usaha Pengadaan Barang/Jasa; Peraturan Kepala LKPP 1/2015 tentang e-Tendering.""",
    lanes=[PU, LPSE, VER],
    parties={PU: "external"},
    proxies={PU: LPSE},
    start_name="Mulai",
    nodes=[
        Step("1", "Melakukan Registrasi Online pada website LPSE Kota Pagar Alam", PU,
             doc=ATAS_NAMA,
             kelengkapan=["E-mail perusahaan",
                          "Tata cara registrasi pada aplikasi SPSE mengacu pada panduan "
                          "penggunaan aplikasi SPSE"],
             waktu="Sesuai Kebutuhan Penyedia", outputs=[],
             fields=[text("company_name", "Nama perusahaan"),
                     text("company_email", "E-mail perusahaan")]),
        Step("2", "Mengunduh Formulir Data Penyedia dan Formulir Keikutsertaan pada Aplikasi "
                  "SPSE", PU,
             doc=ATAS_NAMA, waktu="Sesuai Kebutuhan Penyedia",
             outputs=["Blangko Formulir Data Penyedia", "Blangko Formulir Keikutsertaan"],
             attachments=[]),
        Step("3", "Mengisi Formulir Data Penyedia dan Formulir Keikutsertaan", PU,
             doc=ATAS_NAMA,
             kelengkapan=["Formulir keikutsertaan dibuat di atas kertas berkop surat, dicap, "
                          "bermaterai, dan ditandatangani"],
             waktu="-", outputs=["Formulir yang sudah terisi"]),
        Step("4", "Membuat surat penunjukan Admin", PU,
             doc=ATAS_NAMA + " Blanko tersedia/menyatu dengan formulir keikutsertaan. Apabila "
                 "Admin adalah direktur sendiri, dibuat surat pernyataan bahwa dirinya sebagai "
                 "Admin. Formulir ini juga mencatat siapa yang akan melakukan verifikasi di LPSE "
                 "(menentukan perlu tidaknya surat kuasa, langkah 5).",
             kelengkapan=["Dibuat di atas kertas berkop surat, dicap, bermaterai, dan "
                          "ditandatangani direktur"],
             waktu="Sesuai Kebutuhan Penyedia", outputs=["Surat Penunjukan Admin"],
             fields=[
                 choice("admin_letter", "Dokumen penunjukan Admin", {
                     "appointment": "Surat penunjukan Admin",
                     "director_statement": "Surat pernyataan direktur sebagai Admin",
                 }),
                 choice("verification_by", "Yang melakukan verifikasi di LPSE", {
                     "proxy": "Pihak yang dikuasakan pimpinan perusahaan",
                     "leader": "Pimpinan perusahaan sendiri (tidak perlu surat kuasa)",
                 }),
             ]),
        Decision("gw_04", "Verifikasi oleh pimpinan perusahaan?", [
            Branch("Dikuasakan", 'verification_by == "proxy"', "step_05"),
            Branch("Pimpinan sendiri", 'verification_by == "leader"', "step_06"),
        ]),
        Step("5", "Membuat surat kuasa untuk Admin", PU,
             doc=ATAS_NAMA + " Pimpinan perusahaan dapat menguasakan kepada pihak manapun untuk "
                 "melakukan proses verifikasi di LPSE. Blanko tersedia/menyatu dengan formulir "
                 "keikutsertaan. Apabila pimpinan perusahaan yang melakukan verifikasi maka "
                 "tidak perlu membuat surat kuasa.",
             kelengkapan=["Surat kuasa dibuat di atas kertas berkop perusahaan, ditandatangani "
                          "pimpinan perusahaan serta penerima kuasa, dicap dan bermaterai"],
             waktu="Sesuai Kebutuhan Penyedia", outputs=["Surat Kuasa untuk Verifikasi"]),
        Step("6", "Mempersiapkan Berkas Permohonan", PU,
             doc=ATAS_NAMA + " Untuk perseorangan dan koperasi persyaratan menyesuaikan dengan "
                 "ketentuan yang berlaku. Bila berkas dikembalikan oleh Verifikator (langkah "
                 "13), kekurangan dilengkapi di langkah ini.",
             kelengkapan=["Formulir data penyedia dan formulir keikutsertaan",
                          "KTP pemilik/direktur/pengurus (asli dan copy)",
                          "NPWP (asli dan copy)",
                          "SIUP/SIUK/SBU/izin usaha sesuai ketentuan (asli dan copy)",
                          "Akta pendirian perusahaan dan akta perubahan terakhir (asli dan copy)"],
             waktu="N/A", outputs=["Berkas Permohonan"]),
        Step("7", "Memberikan Berkas Permohonan kepada Front Office yang diteruskan ke Subbag "
                  "Pengelolaan LPSE", PU,
             doc=ATAS_NAMA, waktu="-", outputs=[]),
        Step("8", "Menerima Berkas Permohonan", LPSE,
             waktu="5 menit", duration="PT5M", outputs=[]),
        Step("9", "Menanyakan kepada Penyedia apakah sudah melakukan Registrasi Online", LPSE,
             waktu="10 menit", duration="PT10M", outputs=[],
             fields=[choice("registered_online", "Sudah melakukan Registrasi Online?", {
                 "yes": "Ya, sudah",
                 "no": "Belum",
             })]),
        Decision("gw_09", "Sudah registrasi online?", [
            Branch("Belum", 'registered_online == "no"', "step_10"),
            Branch("Ya", 'registered_online == "yes"', "step_11"),
        ]),
        Step("10", "Melakukan Registrasi Online di Bidding Room", PU,
             doc=ATAS_NAMA, waktu="-", outputs=[]),
        Step("11", "Menyerahkan berkas dokumen ke verifikator untuk diverifikasi", LPSE,
             waktu="10 menit", duration="PT10M", outputs=[]),
        Step("12", "Melakukan verifikasi dan validasi Berkas Permohonan: apakah berkas sesuai "
                   "dengan yang diisikan penyedia secara online", VER,
             waktu="1 hari", duration="P1D", outputs=[],
             fields=[choice("verification_result", "Hasil verifikasi dan validasi", {
                 "valid": "Berkas lengkap dan sesuai dengan data online",
                 "incomplete": "Berkas kurang atau tidak sesuai",
             })]),
        Decision("gw_12", "Berkas lengkap dan sesuai?", [
            Branch("Sesuai", 'verification_result == "valid"', "step_14"),
            Branch("Tidak lengkap", 'verification_result == "incomplete"', "step_13"),
        ]),
        Step("13", "Review kekurangan dokumen pada Map Berkas Permohonan dan menyerahkannya "
                   "kepada Penyedia melalui Subbag Pengelolaan LPSE untuk dilengkapi", VER,
             doc="Review kelengkapan dokumen kekurangan pada Map Berkas Permohonan, "
                 "menyerahkannya kepada Penyedia melalui Subbag Pengelolaan LPSE untuk "
                 "dilengkapi dan kembali melakukan verifikasi (kembali ke langkah 6).",
             waktu="10 menit", duration="PT10M", outputs=[],
             fields=[text("missing_documents", "Kekurangan dokumen", long=True)],
             next="step_06"),
        Step("14", "Menyetujui permohonan dengan mengklik tombol \"SETUJU\" pada aplikasi "
                   "SPSE", VER,
             waktu="15 menit", duration="PT15M", outputs=[]),
        Step("15", "Mengarsipkan berkas dengan mengacu pada SOP pengarsipan berkas", VER,
             waktu="15 menit", duration="PT15M", outputs=[]),
        End("end", "Proses registrasi dan verifikasi telah selesai", lane=VER),
    ],
    notes=[
        'Pihak: Pelaku Usaha eksternal. Atas nama: Subbag Pengelolaan LPSE mencatat langkah pelaku usaha tanpa akun (alur:proxy; langkah 10 registrasi online di Bidding Room dengan petugas).',
        "Judul SOP 'Rekruitment dan Registrasi Penyedia'; tabelnya berjudul 'Registrasi dan "
        "Verifikasi Penyedia Barang/Jasa'. Judul SOP dipakai sebagai nama proses.",
        "Lajur mengikuti kolom Pelaksanaan: 'Pelaku Usaha', 'Subbag Pengelolaan LPSE' (judul "
        "kolom 'Subbag pengelolaan LPSE', ditulis seperti pada uraian langkah 7 dan 13), "
        "'Verifikator'.",
        "Pelaku Usaha adalah pihak luar yang tidak diasumsikan memiliki akun Alur: langkahnya "
        "(1-7, 10) tetap di lajur Pelaku Usaha dan dicatat oleh petugas Subbag Pengelolaan LPSE "
        "atas nama Pelaku Usaha (dicatat di dokumentasi setiap langkah). Peran 'Pelaku Usaha' "
        "diberikan kepada petugas tersebut (atau kepada pelaku usaha bila instansi memberinya "
        "akun). Kasus dimulai dari lajur Pelaku Usaha.",
        "Tanda pelaksana terbaca untuk langkah 1-5 ('Mulai', 2-5 di kolom Pelaku Usaha) dan "
        "langkah 9 ('Belum / Ya' di kolom Subbag). Selebihnya disimpulkan dari uraian dan "
        "Kualifikasi Pelaksana: 6, 7 dan 10 Pelaku Usaha (menyiapkan/menyerahkan berkas, "
        "registrasi di bidding room dilakukan penyedia); 8, 9, 11 Subbag Pengelolaan LPSE "
        "(menerima berkas, menanyakan, menyerahkan ke verifikator); 12-14 Verifikator; 15 "
        "(mengarsipkan berkas) Verifikator, yang memegang berkas sesudah verifikasi.",
        "Perlengkapan langkah 5 'Apabila pimpinan perusahaan yang melakukan verifikasi maka "
        "tidak perlu membuat surat kuasa' adalah keputusan: field verification_by dicatat di "
        "formulir langkah 4 (langkah sebelumnya), gateway 'Verifikasi oleh pimpinan "
        "perusahaan?' melewati langkah 5 bila pimpinan sendiri. Pernyataan direktur sebagai "
        "Admin (langkah 4) hanya pilihan dokumen, bukan percabangan.",
        "Langkah 9 'Belum / Ya' (simbol keputusan di kolom Subbag): Belum -> langkah 10 "
        "(registrasi online di bidding room) -> langkah 11; Ya -> langkah 11.",
        "Langkah 12 (apakah berkas sesuai) dan 13 (kekurangan diserahkan kepada penyedia untuk "
        "dilengkapi dan kembali diverifikasi): gateway 'Berkas lengkap dan sesuai?'; tidak "
        "lengkap -> langkah 13 -> kembali ke langkah 6 (Pelaku Usaha melengkapi berkas), lalu "
        "berkas diserahkan dan diterima lagi (7, 8, 9, 11) sebelum diverifikasi ulang di "
        "langkah 12. Tidak kembali langsung ke 12, agar batas waktu 1 hari verifikasi tidak "
        "berjalan selama menunggu penyedia.",
        "Langkah 16 'Proses registrasi dan verifikasi telah selesai' adalah peristiwa akhir, "
        "bukan tugas.",
        "Waktu 'Sesuai Kebutuhan Penyedia', 'N/A' dan kosong (langkah 3, 7, 10): tanpa timer.",
        "Perlengkapan langkah 6 dipecah menjadi daftar dokumen (formulir, KTP, NPWP, izin "
        "usaha, akta) agar dapat dicentang; 'asli serta copynya' ditulis pada setiap dokumen.",
        "Ejaan: 'Formolir' -> 'Formulir', 'Penydia' -> 'Penyedia', 'diatas' -> 'di atas', "
        "'Pimpinana' -> 'Pimpinan'.",
    ],
)
